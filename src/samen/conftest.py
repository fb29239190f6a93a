"""Shared fixtures: a small world of organisations, one user per role, and signals/cases."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.casework.tests.factories import World, build_world


def login(client: Client, user: Any, *, verified: bool = True) -> Client:
    """Log the user in, with the second factor verified like a real two-factor login."""
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _set_audit_triggers(enabled: bool) -> None:
    """Switch the append-only triggers of the audit table on or off (test database only)."""
    migration = importlib.import_module("samen.audit.migrations.0002_append_only_triggers")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            state = "ENABLE" if enabled else "DISABLE"
            cursor.execute(f"ALTER TABLE audit_auditentry {state} TRIGGER USER")
        elif enabled:
            for statement in migration.SQLITE_UP:
                cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
        else:
            for statement in migration.SQLITE_DOWN:
                cursor.execute(statement)


@pytest.fixture(autouse=True)
def _flushable_audit_log(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with a flush of every table, which the audit triggers refuse:
    lift them for that flush only, and put them back for the next test."""
    if "transactional_db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    _set_audit_triggers(True)
    yield
    _set_audit_triggers(False)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def org_factory() -> type[OrganisationFactory]:
    return OrganisationFactory


@pytest.fixture
def user_factory() -> type[UserFactory]:
    return UserFactory
