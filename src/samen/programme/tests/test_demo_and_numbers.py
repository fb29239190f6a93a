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
