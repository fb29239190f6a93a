"""The demo tells the programme of Rivierstad over three years; the programme's numbers are
disclosure-controlled like the other statistics."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.accounts.models import User
from samen.casework.tests.factories import World
from samen.conftest import login
from samen.demo import load_demo_data
from samen.programme import queries
from samen.programme.models import (
    BudgetLine,
    Event,
    Headcount,
    Plan,
    PlanAction,
    ProgressUpdate,
    TrainingParticipant,
)
from samen.programme.tests.authorization import Scene
from samen.reports.statistics import SUPPRESSION_THRESHOLD

pytestmark = pytest.mark.django_db


def test_the_programme_suppresses_like_the_reports() -> None:
    assert queries.SUPPRESSION_THRESHOLD == SUPPRESSION_THRESHOLD
    assert queries.suppress(SUPPRESSION_THRESHOLD - 1) is None
    assert queries.suppress(SUPPRESSION_THRESHOLD) == SUPPRESSION_THRESHOLD


def test_the_demo_holds_three_years_of_the_programme(client: Any) -> None:
    load_demo_data()
    year = timezone.localdate().year
    plan = Plan.objects.get()
    assert (plan.first_year, plan.last_year, plan.status) == (year - 2, year, "adopted")
    assert plan.source_document is not None
    assert set(BudgetLine.objects.values_list("year", flat=True)) == {year - 2, year - 1, year}
    table = queries.budget_table(BudgetLine.objects.all())
    assert table.total.spent > 0 and table.total.remaining > 0
    assert table.total.granted == sum((y.granted for y in table.years), Decimal(0))
    trained = sum(Headcount.objects.values_list("count", flat=True))
    trained += TrainingParticipant.objects.count()
    assert trained > 150
    theme_day = Event.objects.get(kind="theme_day")
    assert theme_day.items.count() == 14 and theme_day.attendance > 250
    fatima = User.objects.get(username="youthcare")
    assert PlanAction.objects.filter(lead_user=fatima).count() == 2
    assert ProgressUpdate.objects.filter(author=fatima).exists()
    # The coordinator, a lead and the analyst each find their part.
    login(client, User.objects.get(username="coordinator"))
    for name in ("programme:home", "programme:trainings", "programme:contacts", "dashboard"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("programme:budget", kwargs={"pk": plan.pk})).status_code == 200
    login(client, fatima)
    page = client.get(reverse("programme:my_actions"))
    assert [a.title for a in page.context["own"]] == ["Vaders in gesprek", "Moedercirkels"]
    dashboard = client.get(reverse("dashboard"))
    assert len(dashboard.context["led_actions"]) == 2
    login(client, User.objects.get(username="analyst"))
    numbers = client.get(reverse("programme:numbers")).context["numbers"]
    assert [year for year, *_ in numbers.trainings] == [year, year - 1, year - 2]


def test_small_counts_are_suppressed_in_the_analysts_numbers(
    client: Any, world: World, programme: Scene
) -> None:
    login(client, world.users["analyst"])
    response = client.get(reverse("programme:numbers"))
    numbers = response.context["numbers"]
    assert dict(numbers.network) == dict.fromkeys(dict(numbers.network), None)
    assert all(n is None for _label, n in numbers.actions)
    content = response.content.decode()
    assert "Wijkagent" not in content and "Moedercirkels" not in content
    csv_text = client.get(reverse("programme:numbers"), {"format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert f"{SUPPRESSION_THRESHOLD}" in csv_text
    assert ",1\r\n" not in csv_text.split("Budget")[0]


def test_the_numbers_per_year_count_sessions_people_events_and_deliveries(
    world: World, programme: Scene
) -> None:
    """Per year (several on one day, across the turn of a year): sessions and the people
    trained by name and counted, events and their attendance, deliveries and whom they
    reached, each below the threshold suppressed."""
    from datetime import date

    from samen.casework.policy import programme_counted_for
    from samen.casework.tests.factories import actor_for
    from samen.programme.actions import trainings as training_actions
    from samen.programme.models import Delivery, TrainingSession

    chair = actor_for(world.users["chair"])
    TrainingSession.objects.all().delete()
    Event.objects.all().delete()
    Delivery.objects.all().delete()
    days = [date(2031, 12, 31)] * 3 + [date(2031, 6, 1)] * 3 + [date(2032, 1, 1)] * 2
    for n, day in enumerate(days):
        session = training_actions.plan_session(
            chair, programme.training, starts_on=day, place="", trainer="", capacity=None
        )
        for k in range(2 if day.year == 2031 else 1):
            training_actions.register_participant(
                chair, session, name=f"Deelnemer {n}-{k}", email="", organisation=world.police
            )
        training_actions.add_headcount(chair, session, count=3, organisation=world.youth)
        training_actions.save_event(
            chair, None, kind="other", title=f"Dag {n}", held_on=day, attendance=10 + n
        )
        training_actions.record_delivery(
            chair,
            programme.outreach,
            school=f"School {n}",
            held_on=day,
            classes=1,
            pupils=20,
            parents=n,
            professionals=1,
        )
    user = world.users["analyst"]
    counts = queries.programme_counts(
        actions=programme_counted_for(user, PlanAction),
        lines=programme_counted_for(user, BudgetLine),
        sessions=programme_counted_for(user, TrainingSession),
        events=programme_counted_for(user, Event),
        deliveries=programme_counted_for(user, Delivery),
        network={},
    )
    numbers = queries.programme_numbers(counts, network=[])
    # 2031: six sessions, twelve by name and eighteen counted; 2032: two (suppressed), two by
    # name and six counted.
    assert numbers.trainings == [(2032, None, 8), (2031, 6, 30)]
    assert numbers.events == [(2032, None, 6 + 7 + 20), (2031, 6, sum(range(10, 16)))]
    assert numbers.outreach == [
        (2032, None, 40, 6 + 7, None),
        (2031, 6, 120, sum(range(6)), 6),
    ]
