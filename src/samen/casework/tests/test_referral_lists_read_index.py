"""The weighing team's recently decided referrals are read from the end of the municipality's
range of the index ``referral_muni_decided``, not sorted, on both databases."""

from __future__ import annotations

import pytest

from samen.casework.models import Referral
from samen.casework.queries.referrals import recently_decided
from samen.casework.tests.plans import query_plan, sorts

pytestmark = pytest.mark.django_db


def test_the_recently_decided_are_read_from_the_index() -> None:
    referrals = Referral.objects.filter(municipality_id__in=[1])
    plan = query_plan(recently_decided(referrals))
    assert "referral_muni_decided" in plan and not sorts(plan), plan
