"""Reviews chosen at closure (default 6 and 12 months, up to 24); review dates for signals
that were not admitted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.audit.actor import Actor
from samen.casework import lifecycle
from samen.casework.actions import WorkflowError
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Review, Weighing
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def close(world: World, **closure: Any) -> list[Any]:
    case_actions.request_closure(
        actor_for(world.users["case_manager"]),
        world.case,
        closing_reason="no_concern",
        explanation="Geen zorgen meer",
        **closure,
    )
    case_actions.decide_closure(actor_for(world.users["chair"]), world.case, approve=True)
    return list(
        Review.objects.filter(case=world.case).order_by("due_on").values_list("due_on", flat=True)
    )


def test_default_schedule_is_six_and_twelve_months(world: World) -> None:
    today = timezone.localdate()
    assert close(world) == [lifecycle.add_months(today, 6), lifecycle.add_months(today, 12)]


def test_the_case_manager_chooses_up_to_two_years(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    answer = client.post(
        reverse("casework:case_request_closure", kwargs={"pk": world.case.pk}),
        {
            "closure-closing_reason": "no_concern",
            "closure-explanation": "Geen zorgen meer",
            "closure-review_months": ["6", "12", "24"],
        },
    )
    assert answer.status_code == 302
    case_actions.decide_closure(actor_for(world.users["chair"]), world.case, approve=True)
    today = timezone.localdate()
    due = sorted(Review.objects.filter(case=world.case).values_list("due_on", flat=True))
    assert due == [lifecycle.add_months(today, m) for m in (6, 12, 24)]


def test_a_schedule_beyond_two_years_is_refused(world: World) -> None:
    for months in ([36], []):
        with pytest.raises(WorkflowError):
            case_actions.request_closure(
                actor_for(world.users["case_manager"]),
                world.case,
                closing_reason="no_concern",
                explanation="x",
                review_months=months,
            )


def test_a_signal_not_admitted_gets_a_review_date(client: Any, world: World) -> None:
    later = timezone.localdate() + timedelta(days=90)
    login(client, world.users["weighing_team"])
    url = reverse("casework:signal_weigh", kwargs={"pk": world.signal.pk})
    past = client.post(
        url,
        {"outcome": "no_concern", "reasons": "x", "review_on": timezone.localdate()},
    )
    assert past.status_code == 422
    answer = client.post(url, {"outcome": "no_concern", "reasons": "Advies", "review_on": later})
    assert answer.status_code == 302
    assert Weighing.objects.get(signal=world.signal).review_on == later
    page = client.get(reverse("casework:signal_detail", kwargs={"pk": world.signal.pk}))
    assert later.strftime("%Y") in page.content.decode()
    # Admitting ignores a review date: the case's own reviews follow.
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel="public_form",
        observation="x",
        anonymous=True,
    ).signal
    admitting = weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome="admit",
        reasons="x",
        participants=[world.police],
        review_on=later,
    )
    assert admitting.review_on is None
