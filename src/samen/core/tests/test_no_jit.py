"""PostgreSQL connections switch just-in-time compilation off: a web page's query just over its
cost threshold would otherwise be compiled on every request (10-20 ms each, issue 16)."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_connections_compile_no_queries_just_in_time() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
