"""The lists decrypt only the encrypted values they show (issue 16: a page of fifty signals
decrypted every observation and reporter with them, the open referrals about 300 values a
page): what the page does not show is not read from the database at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from samen.casework.actions import cases as case_actions
from samen.casework.tests.factories import World, actor_for, referred_signal
from samen.conftest import login
from samen.core import fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def decrypted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every value decrypted while the test runs."""
    seen: list[str] = []
    real = fields.decrypt

    def recording(stored: str) -> str:
        value = real(stored)
        seen.append(value)
        return value

    monkeypatch.setattr(fields, "decrypt", recording)
    yield seen


def _get(client: Any, user: Any, name: str, seen: list[str]) -> str:
    login(client, user)
    seen.clear()
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_the_signal_list_decrypts_the_names_it_shows_only(
    client: Any, world: World, decrypted: list[str]
) -> None:
    page = _get(client, world.users["weighing_team"], "casework:signal_list", decrypted)
    assert "Tweede Persoon" in page and "Tweede Persoon" in decrypted
    for unseen in ("Zorgen over een collega", "Melder", "melder@example.invalid"):
        assert unseen not in decrypted
        assert unseen not in page


def test_the_open_referrals_decrypt_nothing(
    client: Any, world: World, decrypted: list[str]
) -> None:
    referral = referred_signal(world)
    page = _get(client, world.users["weighing_team"], "casework:referral_overview", decrypted)
    assert referral.signal.reference in page
    assert decrypted == []


def test_the_case_list_does_not_decrypt_why_an_organisation_takes_part(
    client: Any, world: World, decrypted: list[str]
) -> None:
    case_actions.add_participant(
        actor_for(world.users["chair"]),
        world.case,
        organisation=world.outsider_org,
        reason="Vertrouwelijke reden van deelname",
    )
    page = _get(client, world.users["chair"], "casework:case_list", decrypted)
    assert world.outsider_org.name in page
    assert "Vertrouwelijke reden van deelname" not in decrypted
