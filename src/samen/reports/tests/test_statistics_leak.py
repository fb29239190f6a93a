"""The analyst's start page no longer shows a total from which a hidden year can be worked out."""

from __future__ import annotations

import pytest
from django.utils import timezone

from samen.casework.tests.factories import World
from samen.reports.models import RetainedStatistic
from samen.reports.statistics import suppressed_statistics

pytestmark = pytest.mark.django_db


def test_cases_by_phase_count_this_years_cases_only(world: World) -> None:
    year = timezone.localdate().year
    for when, count in ((year - 2, 3), (year, 29)):
        RetainedStatistic.objects.create(
            municipality=world.municipality, year=when, kind="case", status="closed", count=count
        )
    stats = suppressed_statistics(world.municipality.pk)
    by_year = {y: cases for y, _signals, cases in stats["by_year"]}
    assert by_year[year - 2].text == "< 5"
    # Once the phases counted every year: 33 beside 30 this year gave the hidden 3 away.
    assert stats["cases_total"].count == by_year[year].count == 30
    assert all(cell.count <= 30 for _label, cell in stats["cases"])
