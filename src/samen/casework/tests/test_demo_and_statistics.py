"""The demo data tells a story at every stage; statistics are anonymised and scoped."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from samen.accounts.models import User
from samen.casework.models import Case, CaseTransfer, ExpertOrder, Meeting, Signal
from samen.casework.tests.factories import World
from samen.conftest import login
from samen.demo import ACCOUNTS, describe_accounts, has_data, load_demo_data
from samen.reports.statistics import SUPPRESSION_THRESHOLD, suppressed_statistics

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_stage_and_every_role(client: Any) -> None:
    assert not has_data()
    load_demo_data()
    assert has_data()
    assert set(Signal.objects.values_list("status", flat=True)) == set(Signal.Status.values)
    assert set(Case.objects.values_list("phase", flat=True)) == {
        "admitted",
        "assessment",
        "monitoring",
        "closed",
    }
    assert Meeting.objects.count() == 2
    call_command("audit_verify")
    text = describe_accounts()
    for username, *_ in ACCOUNTS:
        assert username in text
        login(client, User.objects.get(username=username))
        assert client.get(reverse("dashboard")).status_code == 200
    # The partner that does not take part in the first case does not see it.
    first = Case.objects.order_by("opened_at").first()
    login(client, User.objects.get(username="mentalhealth"))
    assert client.get(reverse("casework:case_detail", kwargs={"pk": first.pk})).status_code == 404
    login(client, User.objects.get(username="youthcare"))
    assert client.get(reverse("casework:case_detail", kwargs={"pk": first.pk})).status_code == 200
    # A transfer waits: Beekdal's coordinator sees the proposal, not yet the case.
    pending = CaseTransfer.objects.pending().get()
    login(client, User.objects.get(username="beekdal"))
    detail = reverse("casework:transfer_detail", kwargs={"pk": pending.pk})
    assert client.get(detail).status_code == 200
    case_page = reverse("casework:case_detail", kwargs={"pk": pending.case_id})
    assert client.get(case_page).status_code == 404
    # Rivierstad's coordinator was told that Beekdal has a signal about a person known here.
    login(client, User.objects.get(username="coordinator"))
    notices = client.get(reverse("dashboard")).context["known_elsewhere_notices"]
    assert [notice.from_municipality.name for notice, _contacts in notices] == ["Gemeente Beekdal"]
    # The expert sees her one open order, and no case.
    order = ExpertOrder.objects.get()
    login(client, User.objects.get(username="expert"))
    assert client.get(reverse("dashboard")).context["expert_orders"] == [order]
    assert client.get(reverse("casework:order_detail", kwargs={"pk": order.pk})).status_code == 200
    order_case = reverse("casework:case_detail", kwargs={"pk": order.case_id})
    assert client.get(order_case).status_code == 403


@override_settings(PRODUCTION=True)
def test_demo_data_is_never_loaded_in_production() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        load_demo_data()


def test_small_numbers_are_suppressed_and_other_municipalities_not_counted(world: World) -> None:
    stats = suppressed_statistics(world.municipality.pk)
    # 1 new, 1 admitted: the total (2) is below 5, so nothing of it is published.
    assert stats["signals_total"].text == "< 5"
    assert all(cell.value is None for _label, cell in stats["signals"])
    assert stats["threshold"] == SUPPRESSION_THRESHOLD
    elsewhere = suppressed_statistics(world.other_municipality.pk)
    assert all(cell.value == 0 for _label, cell in elsewhere["cases"])


def test_a_hidden_count_cannot_be_worked_out_from_the_total(world: World) -> None:
    """The analyst's statistics once hid a small status but showed the year's total, so the
    hidden count was the total minus the others. Now a second count is suppressed with it."""
    from samen.audit.actor import Actor
    from samen.casework.actions import intake as intake_actions
    from samen.casework.models import Signal

    for n in range(20):
        intake_actions.report_signal(
            Actor.system(),
            municipality=world.municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=f"zorg {n}",
            anonymous=True,
        )
    new = Signal.objects.filter(municipality=world.municipality, status="new").order_by("pk")
    Signal.objects.filter(pk__in=list(new.values_list("pk", flat=True)[:9])).update(status="closed")
    # Now: 12 new, 9 closed, 1 admitted (the world's): total 22.
    stats = suppressed_statistics(world.municipality.pk)
    cells = dict(stats["signals"])
    assert stats["signals_total"].value == 22
    texts = sorted(cell.text for cell in cells.values() if cell.value is None)
    assert "< 5" in texts and len(texts) >= 2
    shown = sum(cell.value for cell in cells.values() if cell.value is not None)
    assert 22 - shown > 4  # the hidden cells together: never just the small one


def test_analyst_dashboard_shows_no_personal_data(client: Any, world: World) -> None:
    login(client, world.users["analyst"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert b"Test Persoon" not in response.content
    assert world.case.reference.encode() not in response.content
    assert response.context["statistics"]["year"]
