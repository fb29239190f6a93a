"""On PostgreSQL a query that a connection sends again is prepared: planned once, not on every
request (``SAMEN_DATABASE_PREPARED_STATEMENTS``, on by default)."""

from __future__ import annotations

import pytest
from django.db import connection

from samen.accounts.models import Organisation
from samen.casework.tests.factories import World

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's prepared statements"
    ),
]


def _prepared(text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{text}%"]
        )
        return int(cursor.fetchone()[0])


def test_a_query_sent_again_is_prepared_and_answers_for_other_values(world: World) -> None:
    assert connection.features.uses_server_side_binding
    table = Organisation._meta.db_table
    before = _prepared(table)
    names = [
        Organisation.objects.filter(pk=organisation.pk).values_list("name", flat=True).get()
        for organisation in (world.municipality, world.police, world.other_municipality)
    ]
    assert names == [world.municipality.name, world.police.name, world.other_municipality.name]
    assert _prepared(table) > before
