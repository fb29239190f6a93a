"""Searching the audit log's labels (``samen.audit.label_search``): what is found on both
databases, and on PostgreSQL that the trigram indexes can serve the searches (migrations audit
0007 and 0010): each index exists, and its expression is the one the query compares, so the
planner can use it."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet

from samen.audit.actor import Actor
from samen.audit.label_search import label_contains
from samen.audit.models import AuditEntry
from samen.audit.services import record

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's"
)

LABELS = [
    "C-2026-00014",
    "C-2026-00013, c-2026-00014, C-2026-00015",  # a list, another case
    "C-2026-000140",
    "C-2026-00114",
    "C2026 00014",  # the same letters and digits, not the same text
    "C-2025-00014",
    "Gemeente Heidedrecht: Straße 5",
]


def _found(text: str) -> list[str]:
    for label in LABELS:
        record(Actor.system(), "casework.case.list", object_label=label)
    found = label_contains(AuditEntry.objects.all(), text)
    return sorted(found.values_list("object_label", flat=True))


def test_a_reference_is_found_where_it_is_part_of_a_label() -> None:
    assert _found(" c-2026-00014 ") == sorted(
        ["C-2026-00014", "C-2026-00013, c-2026-00014, C-2026-00015", "C-2026-000140"]
    )


def test_text_with_spaces_and_letters_beyond_ascii_is_found_as_written() -> None:
    assert _found("Heidedrecht: straße") == ["Gemeente Heidedrecht: Straße 5"]


def test_a_short_text_is_found_too() -> None:
    assert _found("c2") == ["C2026 00014"]


def _plan(query: QuerySet[AuditEntry]) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        # On a test database of a few rows a scan is cheaper; forbid it, so that the plan
        # shows whether the index can serve the query at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_a_search_of_the_object_label_can_use_its_trigram_index_without_hyphens() -> None:
    plan = _plan(label_contains(AuditEntry.objects.all(), "C-2026-00014").order_by("-id"))
    assert "audit_object_label_joined_trgm" in plan, plan


@postgresql_only
def test_the_organisation_label_keeps_its_trigram_index() -> None:
    query = AuditEntry.objects.filter(organisation_label__icontains="Heidedrecht")
    assert "audit_organisation_label_trgm" in _plan(query.order_by("-id"))


@postgresql_only
def test_the_index_on_the_label_as_written_is_gone() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'audit_object_label_trgm'")
        assert cursor.fetchone() is None
