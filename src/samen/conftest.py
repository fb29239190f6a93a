"""Shared fixtures: a small world of organisations, one user per role, and signals/cases."""

from __future__ import annotations

from typing import Any

import pytest
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


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def org_factory() -> type[OrganisationFactory]:
    return OrganisationFactory


@pytest.fixture
def user_factory() -> type[UserFactory]:
    return UserFactory
