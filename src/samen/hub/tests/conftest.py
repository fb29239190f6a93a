"""Fixtures of the hub tests: a hub editor, a reader, and the fixture texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.conftest import login

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def hub_editor(db: None) -> Any:
    org = OrganisationFactory(name="Kennisnetwerk")
    return UserFactory(username="hub_editor", organisation=org, roles=["hub_editor"])


@pytest.fixture
def reader(db: None) -> Any:
    return UserFactory(username="reader", roles=["analyst"])


def _in_english(client: Client) -> Client:
    """Pages in English (the language switch's cookie), so that assertions on page text hold
    whatever the Dutch catalog says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def editor_client(client: Client, hub_editor: Any) -> Client:
    return _in_english(login(client, hub_editor))


@pytest.fixture
def reader_client(client: Client, reader: Any) -> Client:
    return _in_english(login(client, reader))
