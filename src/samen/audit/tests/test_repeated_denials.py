"""Repeated denials are one audit entry and a count per window, so probing cannot flood the audit
log: capability denied, not-found probes (pages and API), wrong receipt codes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samen.audit.denials import SUMMARY_ACTION, WINDOW, flush_denials
from samen.audit.models import AuditEntry, DenialTally
from samen.audit.services import verify_chain
from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db


def _entries(action: str) -> Any:
    return AuditEntry.objects.filter(action=action, outcome=AuditEntry.Outcome.DENIED)


def _close_windows() -> None:
    """As if the window had passed: what the next denial, the audit page or an export flushes."""
    DenialTally.objects.update(window_start=F("window_start") - WINDOW)


def test_probing_case_ids_is_one_entry_and_a_summary(client: Client, world: World) -> None:
    outsider = world.outsider
    login(client, outsider)
    for pk in range(world.case.pk, world.case.pk + 30):
        assert client.get(reverse("casework:case_detail", kwargs={"pk": pk})).status_code == 404
    denied = _entries("casework.case.view")
    assert denied.count() == 1
    assert denied.get().object_id == str(world.case.pk)
    assert flush_denials(timezone.now() + WINDOW) == 1
    summary = AuditEntry.objects.get(action=SUMMARY_ACTION)
    assert (summary.user_id, summary.object_type, summary.object_id) == (
        outsider.pk,
        "casework.case.view",
        "29",
    )
    assert not DenialTally.objects.exists()
    assert verify_chain().intact


def test_each_user_has_a_first_entry_of_their_own(client: Client, world: World) -> None:
    for user in (world.users["analyst"], world.users["reporter"]):
        login(client, user)
        for _ in range(5):
            assert client.get(reverse("casework:case_list")).status_code == 403
            assert client.get(reverse("audit:log")).status_code == 403
    denied = _entries("accounts.capability.denied")
    assert denied.count() == 2
    assert set(denied.values_list("user_id", flat=True)) == {
        world.users["analyst"].pk,
        world.users["reporter"].pk,
    }
    _close_windows()
    assert flush_denials() == 2
    assert set(
        AuditEntry.objects.filter(action=SUMMARY_ACTION).values_list("object_id", flat=True)
    ) == {"9"}


def test_api_capability_denials_are_summarised(client: Client, world: World) -> None:
    login(client, world.users["analyst"])
    for _ in range(12):
        assert client.get(reverse("api:signal-list")).status_code == 403
    assert _entries("accounts.capability.denied").count() == 1
    assert flush_denials(timezone.now() + WINDOW) == 1


def test_wrong_receipt_codes_are_one_entry_for_all_anonymous_visitors(client: Client) -> None:
    url = reverse("casework:report_follow_up")
    for i in range(10):
        client.post(url, {"code": f"ABCD-EFGH-{i:04d}"}, REMOTE_ADDR=f"192.0.2.{i}")
    assert _entries("casework.signal.followup").count() == 1
    tally = DenialTally.objects.get()
    assert tally.more == 9 and tally.user_id is None
    # No address is kept: anonymous reporters stay anonymous to the audit log too.
    assert "192.0.2" not in tally.key


def test_the_audit_log_page_writes_the_summaries_of_closed_windows(
    client: Client, world: World
) -> None:
    login(client, world.users["analyst"])
    for _ in range(3):
        client.get(reverse("casework:case_list"))
    _close_windows()
    login(client, world.users["dpo"])
    page = client.get(reverse("audit:log"))
    assert page.status_code == 200
    assert AuditEntry.objects.filter(action=SUMMARY_ACTION, object_id="2").exists()


def test_a_new_window_starts_with_a_full_entry_again(client: Client, world: World) -> None:
    login(client, world.users["analyst"])
    client.get(reverse("casework:case_list"))
    client.get(reverse("casework:case_list"))
    _close_windows()
    client.get(reverse("casework:case_list"))  # flushes the closed window, opens a new one
    assert _entries("accounts.capability.denied").count() == 2
    assert AuditEntry.objects.filter(action=SUMMARY_ACTION, object_id="1").count() == 1
    assert DenialTally.objects.get().window_start > timezone.now() - timedelta(minutes=11)
