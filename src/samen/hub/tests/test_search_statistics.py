"""The index's statistics for BM25 (the passages and their summed length) are one row the
database keeps (decision 0025): exact after every kind of write, whatever writes it, read by a
search in one small statement. Both databases."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samen.audit.actor import Actor
from samen.hub import actions, search
from samen.hub.models import Document, SearchEntry, SearchStatistics, Section

pytestmark = pytest.mark.django_db


def _document(n: int, sections: int) -> Document:
    document = Document.objects.create(
        title=f"Notitie {n}", language="nl", source_format=Document.Format.TEXT, country="NL"
    )
    for position in range(sections):
        Section.objects.create(
            document=document,
            position=position,
            heading=f"Deel {position}",
            body=" ".join(["ouders", "jongeren", "school"][: position + 1] * (n + position + 1)),
        )
    search.index_document(document)
    return document


def _kept() -> tuple[int, int]:
    passages, length = SearchStatistics.objects.values_list("passages", "length").get(pk=1)
    return passages, length


def _counted() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COALESCE(SUM(length), 0) FROM hub_searchentry")
        count, length = cursor.fetchone()
    return int(count), int(length)


@pytest.fixture
def documents() -> list[Document]:
    search._collection_stats()  # the row, as a migrated database has it
    return [_document(n, n % 3 + 1) for n in range(6)]


def test_the_row_follows_every_write_of_the_passages(documents: list[Document]) -> None:
    assert _kept() == _counted() and _kept()[0] == 12
    actions.delete_document(Actor.system(), documents[0].pk)  # a cascade from the source
    assert _kept() == _counted() and _kept()[0] == 11
    search.index_document(documents[2])  # indexed again: replaced, not doubled
    assert _kept() == _counted() and _kept()[0] == 11
    SearchEntry.objects.filter(source__document=documents[1]).update(length=1000)
    assert _kept() == _counted()
    Document.objects.filter(pk=documents[3].pk).delete()  # the model's own cascade
    assert _kept() == _counted() and _kept()[0] == 10
    actions.rebuild_index(Actor.system())  # a raw delete of every passage, then bulk inserts
    assert _kept() == _counted() and _kept()[0] == 10


def test_a_search_reads_the_kept_numbers(documents: list[Document]) -> None:
    passages, length = _counted()
    with CaptureQueriesContext(connection) as queries:
        assert search._collection_stats() == (passages, length / passages)
    assert len(queries) == 1 and "hub_searchentry" not in queries[0]["sql"]
    # Exact after a removal as well (the count it replaced waited for the next addition).
    actions.delete_document(Actor.system(), documents[5].pk)
    passages, length = _counted()
    assert search._collection_stats() == (passages, length / passages)


def test_a_missing_row_is_filled_from_the_passages(documents: Any) -> None:
    SearchStatistics.objects.all().delete()  # as a flush of every table leaves it
    passages, length = _counted()
    assert search._collection_stats() == (passages, length / passages)
    assert _kept() == (passages, length)
    _document(7, 2)
    assert _kept() == _counted()


def test_an_empty_index_has_neutral_statistics() -> None:
    assert search._collection_stats() == (1, 1.0)
    assert _kept() == (0, 0)
