"""Issue #16: the lists, the start page, the signal page and the case table read each source
once, so their number of queries is fixed whatever the data: signals in many districts from
many reporting organisations, referrals, agenda items, partners."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.audit.actor import Actor
from samen.casework.actions import intake as intake_actions
from samen.casework.models import District, Signal, WeighingCriterion
from samen.casework.tests.factories import World, referred_signal
from samen.conftest import login

pytestmark = pytest.mark.django_db


def signals_in_districts(world: World, n: int) -> None:
    """n signals, each in a district of its own, reported by a professional of a partner of
    its own."""
    start = District.objects.count()
    for i in range(start, start + n):
        district = District.objects.create(municipality=world.municipality, name=f"Wijk {i}")
        partner = OrganisationFactory(name=f"Partner {i}", municipality=world.municipality)
        reporter = UserFactory(username=f"melder{i}", organisation=partner, roles=["reporter"])
        intake_actions.report_signal(
            Actor.system("test"),
            municipality=world.municipality,
            channel=Signal.Channel.PARTNER_FORM,
            observation=f"observatie {i}",
            anonymous=False,
            subject_name=f"Persoon {i}",
            district=district,
            reporter=reporter,
        )


def queries_of(client: Any, url: str, **headers: Any) -> tuple[Any, list[str]]:
    client.get(url, **headers)  # the session's first request settles it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    ("name", "headers"),
    [("casework:signal_list", {}), ("api:signal-list", {"HTTP_ACCEPT": "application/json"})],
)
def test_signal_lists_read_districts_and_reporters_with_the_page(
    client: Any, world: World, name: str, headers: dict[str, str]
) -> None:
    login(client, world.users["advisor"])
    url = reverse(name)
    signals_in_districts(world, 2)
    _, few = queries_of(client, url, **headers)
    signals_in_districts(world, 5)
    page, many = queries_of(client, url, **headers)
    assert len(many) == len(few), "\n".join(many)
    # The rows carry what was read with them.
    text = page.content.decode()
    assert "Wijk 6" in text
    if name == "casework:signal_list":
        assert "Partner 6" in text


def test_the_start_page_counts_referrals_without_reading_signals(client: Any, world: World) -> None:
    """The weighing team's counts of open referrals come from the referral itself (its
    municipality), not from a join with every signal of the municipality."""
    login(client, world.users["weighing_team"])
    referred_signal(world)
    _, few = queries_of(client, reverse("dashboard"))
    referred_signal(world)
    page, many = queries_of(client, reverse("dashboard"))
    assert len(many) == len(few)
    assert page.context["referrals_open"] == 2
    counts = [sql for sql in many if 'FROM "casework_referral"' in sql]
    assert counts and not any("casework_signal" in sql for sql in counts), counts


def more_at_the_table(world: World, n: int) -> None:
    """n more partners that signed the covenant, each with a member of the weighing team and
    a weighing criterion of the municipality."""
    start = WeighingCriterion.objects.count()
    for i in range(start, start + n):
        partner = OrganisationFactory(name=f"Tafel {i}", municipality=world.municipality)
        UserFactory(
            username=f"weger{i}",
            full_name=f"Weger {i}",
            organisation=partner,
            roles=["weighing_team"],
        )
        WeighingCriterion.objects.create(municipality=world.municipality, text_nl=f"Criterium {i}")


def test_the_weighing_form_reads_each_of_its_choices_once(client: Any, world: World) -> None:
    """The signal page with the weighing form: partners (for "referred to" and "taking part"),
    criteria and the weighing team are read once each, however many there are."""
    login(client, world.users["weighing_team"])
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="nieuw",
        anonymous=True,
        district=world.district,
    ).signal
    url = reverse("casework:signal_detail", kwargs={"pk": signal.pk})
    more_at_the_table(world, 1)
    _, few = queries_of(client, url)
    more_at_the_table(world, 4)
    page, many = queries_of(client, url)
    assert len(many) == len(few), "\n".join(many)
    text = page.content.decode()
    for shown in ("Tafel 4", "Weger 4", "Criterium 4", world.district.name):
        assert shown in text, shown
    partners = [sql for sql in many if 'DISTINCT "accounts_organisation"' in sql]
    assert len(partners) == 1, partners


def test_the_attendance_form_reads_who_may_attend_once(client: Any, world: World) -> None:
    """Everyone who may sit at the table is read once, by the attendance form when it opens
    (its own address); the meeting page itself does not read them."""
    login(client, world.users["chair"])
    meeting = {"pk": world.meeting.pk}
    url = reverse("casework:meeting_attendance", kwargs=meeting)
    more_at_the_table(world, 1)
    _, few = queries_of(client, url)
    more_at_the_table(world, 4)
    form, many = queries_of(client, url)
    assert len(many) == len(few), "\n".join(many)
    assert "Weger 4" in form.content.decode()
    page = client.get(reverse("casework:meeting_detail", kwargs=meeting)).content.decode()
    assert "Weger 4" not in page and f'hx-get="{url}"' in page


def test_the_minutes_read_nothing_for_forms(client: Any, world: World) -> None:
    """The printable minutes show no forms: the chair's copy reads no choices for them."""
    login(client, world.users["chair"])
    minutes = reverse("casework:meeting_minutes", kwargs={"pk": world.meeting.pk})
    _, read = queries_of(client, minutes)
    # The owners an action may have (the organisations taking part in each case) are not read.
    assert not any(sql.startswith('SELECT "casework_caseparticipation"') for sql in read), read
