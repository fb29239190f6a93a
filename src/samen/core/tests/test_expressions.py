"""LiteralsOnSQLite writes an expression's values into the SQL on SQLite and finds the same rows
as the bound parameters, also for a value with a percent sign beside other parameters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q

from samen.accounts.models import Organisation
from samen.core.expressions import LiteralsOnSQLite

pytestmark = pytest.mark.django_db


def test_literals_find_what_parameters_find() -> None:
    Organisation.objects.create(name="100% Gemeente", kind=Organisation.Kind.MUNICIPALITY)
    Organisation.objects.create(name="Gemeente Ander", kind=Organisation.Kind.MUNICIPALITY)
    named = ExpressionWrapper(Q(name="100% Gemeente"), output_field=BooleanField())
    found = Organisation.objects.filter(LiteralsOnSQLite(named), name__startswith="100")
    assert [o.name for o in found] == ["100% Gemeente"]
    sql = str(found.query)
    if connection.vendor == "sqlite":
        assert "'100% Gemeente'" in sql
