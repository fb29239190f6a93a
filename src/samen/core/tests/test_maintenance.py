"""After a bulk load the tables are analysed, and on PostgreSQL vacuumed (outside a
transaction), so that covering indexes are read without visiting the table."""

from __future__ import annotations

import pytest
from django.db import connection

from samen.core.maintenance import after_bulk_load


@pytest.mark.django_db
def test_inside_a_transaction_only_analyse() -> None:
    assert after_bulk_load("hub_searchposting") == "ANALYZE"
    assert after_bulk_load() == "ANALYZE"


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
