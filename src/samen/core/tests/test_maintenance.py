"""After a bulk load the tables are analysed, and on PostgreSQL vacuumed (outside a
transaction), so that covering indexes are read without visiting the table."""

from __future__ import annotations

import pytest
from django.db import connection

from samen.accounts.models import Organisation
from samen.core.maintenance import after_bulk_load


def _pages_and_rows(table: str) -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpages, reltuples FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
    assert row is not None
    return row[0], row[1]


@pytest.mark.django_db
def test_inside_a_transaction_sqlite_analyses_and_postgresql_records_nothing() -> None:
    """PostgreSQL writes an analysis's table sizes outside the transaction: a rollback would
    keep the sizes of rows that are gone (core.maintenance)."""
    Organisation.objects.bulk_create(
        Organisation(name=f"Bulk {n}", kind="other") for n in range(50)
    )
    if connection.vendor != "postgresql":
        assert after_bulk_load("accounts_organisation") == "ANALYZE"
        assert after_bulk_load() == "ANALYZE"
        return
    before = _pages_and_rows("accounts_organisation")
    assert after_bulk_load("accounts_organisation") == "nothing"
    assert after_bulk_load() == "nothing"
    assert _pages_and_rows("accounts_organisation") == before


@pytest.mark.usefixtures("transactional_db")
def test_outside_a_transaction_postgresql_also_vacuums() -> None:
    expected = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    assert after_bulk_load("hub_searchposting", "hub_searchterm") == expected
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables "
                "WHERE relname = 'hub_searchposting'"
            )
            assert cursor.fetchone() == (True,)
