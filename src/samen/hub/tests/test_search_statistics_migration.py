"""Migration hub 0009 fills the index's statistics from the passages already there and installs
the triggers that keep them; back to 0008 it removes both (on a migrated database, back and
forward again).

A module of its own: the test is transactional (a migration cannot run inside the test's
transaction on SQLite), and without a module-wide ``django_db`` mark the audit log's triggers
are lifted for the flush that ends it (``transactional_db`` in ``samen/conftest.py``)."""

from __future__ import annotations

from django.db import connection

from samen.core.tests.migrations import migrate_to, migrated_back, triggers
from samen.hub import search
from samen.hub.models import Document, SearchStatistics, Section


def _counted() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COALESCE(SUM(length), 0) FROM hub_searchentry")
        count, length = cursor.fetchone()
    return int(count), int(length)


def test_the_migration_fills_the_statistics_and_keeps_them_after(transactional_db: None) -> None:
    document = Document.objects.create(
        title="Notitie", language="nl", source_format=Document.Format.TEXT, country="NL"
    )
    for position in range(3):
        Section.objects.create(
            document=document, position=position, heading="Deel", body="ouders " * (position + 2)
        )
    search.index_document(document)
    names = [f"hub_searchentry_statistics_{op}" for op in ("delete", "insert", "update")]
    assert triggers("hub_searchentry_statistics") == names
    with migrated_back("hub", "0008_search_source_terms"):
        assert triggers("hub_searchentry_statistics") == []
        assert "hub_searchstatistics" not in connection.introspection.table_names()
        migrate_to("hub", "0009_search_statistics")
    assert triggers("hub_searchentry_statistics") == names
    assert SearchStatistics.objects.values_list("passages", "length").get(pk=1) == _counted()
    assert _counted()[0] == 3
    Section.objects.filter(document=document, position=0).delete()  # cascades to its passage
    assert SearchStatistics.objects.values_list("passages", "length").get(pk=1) == _counted()
    assert _counted()[0] == 2
