"""Regions: one installation, two municipalities. Each sees only its own signals, cases, users
and audit entries; a partner serving both and a regional role see across what they were
given, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samen.accounts import actions as account_actions
from samen.accounts.models import Organisation, Role, User
from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.audit.models import AuditEntry
from samen.casework import policy
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Case, Signal, Weighing
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def _case_elsewhere(world: World, participants: list[Organisation]) -> Case:
    signal = intake_actions.report_signal(
        actor_for(world.users["elsewhere"]),
        municipality=world.other_municipality,
        channel=Signal.Channel.PHONE,
        observation="Zorgen in Elders",
        anonymous=True,
        subject_name="Persoon Elders",
    ).signal
    weighing_actions.weigh_signal(
        actor_for(world.users["elsewhere"]),
        signal,
        outcome=Weighing.Outcome.ADMIT,
        reasons="Elders opgenomen",
        participants=participants,
    )
    return Case.objects.get(origin=signal)


def _get(user: User, name: str, **kwargs: Any) -> Any:
    client = Client()
    login(client, user)
    return client.get(reverse(name, kwargs=kwargs or None))


def test_two_municipalities_never_see_each_others_casework(world: World) -> None:
    theirs = _case_elsewhere(world, [world.other_municipality])
    assert world.case is not None and world.signal is not None
    here, there = world.users["chair"], world.users["elsewhere"]
    assert _get(here, "casework:case_detail", pk=theirs.pk).status_code == 404
    assert _get(there, "casework:case_detail", pk=world.case.pk).status_code == 404
    assert _get(there, "casework:signal_detail", pk=world.signal.pk).status_code == 404
    advisor = world.users["advisor"]
    assert _get(advisor, "casework:signal_detail", pk=theirs.origin_id).status_code == 404
    listed = _get(there, "casework:signal_list").content.decode()
    assert world.signal.reference not in listed and theirs.origin.reference in listed


def test_each_municipality_reads_only_its_own_audit_entries(world: World) -> None:
    theirs = _case_elsewhere(world, [world.other_municipality])
    dpo_there = UserFactory(
        username="dpo_elders", organisation=world.other_municipality, roles=["dpo"]
    )
    assert world.case is not None
    here = set(
        policy.audit_entries_visible_to(world.users["dpo"]).values_list("object_id", "object_type")
    )
    there = set(policy.audit_entries_visible_to(dpo_there).values_list("object_id", "object_type"))
    assert (str(world.case.pk), "casework.case") in here
    assert (str(theirs.pk), "casework.case") not in here
    assert (str(theirs.pk), "casework.case") in there
    assert (str(world.case.pk), "casework.case") not in there
    # The page shows the same.
    page = _get(dpo_there, "audit:log").content.decode()
    assert world.case.reference not in page
    assert AuditEntry.objects.filter(municipality_id=world.other_municipality.pk).exists()


def test_administrators_see_and_change_only_their_municipalitys_users(world: World) -> None:
    admin_there = world.users["admin_elsewhere"]
    listed = _get(admin_there, "accounts:user_list").context["page"].object_list
    assert {u.organisation.home_municipality_id for u in listed} == {world.other_municipality.pk}
    assert _get(admin_there, "accounts:user_edit", pk=world.users["chair"].pk).status_code == 404
    # Not through the action either, nor by moving one of their users into this municipality.
    with pytest.raises(account_actions.AccessError):
        account_actions.save_user(
            actor_for(admin_there),
            world.users["reporter"],
            username="reporter",
            full_name="x",
            email="",
            organisation=world.other_municipality,
            roles=[],
            is_active=True,
        )
    with pytest.raises(account_actions.AccessError):
        account_actions.save_user(
            actor_for(admin_there),
            world.users["elsewhere"],
            username="elsewhere",
            full_name="x",
            email="",
            organisation=world.police,
            roles=Role.objects.filter(code="case_manager"),
            is_active=True,
        )
    # The coordinator here cannot approve what concerns the other municipality.
    pending = account_actions.request_two_factor_reset(
        actor_for(admin_there), world.users["elsewhere"], reason="telefoon"
    )
    with pytest.raises(account_actions.AccessError):
        account_actions.decide(actor_for(world.users["chair"]), pending, approve=True)


def test_a_partner_serving_two_municipalities_sees_each_as_given(world: World) -> None:
    """The police serves both; its case-table member sees the other municipality's cases only
    once given that municipality (under four eyes)."""
    world.police.serves.add(world.other_municipality)
    theirs = _case_elsewhere(world, [world.other_municipality, world.police])
    member = world.users["case_table_member"]  # police, home: this municipality
    assert world.case is not None
    assert set(policy.cases_visible_to(member)) == {world.case}
    # The administrator here cannot give the other municipality: they do not administer it.
    with pytest.raises(account_actions.AccessError):
        account_actions.save_user(
            actor_for(world.users["administrator"]),
            member,
            username=member.username,
            full_name=member.full_name,
            email="",
            organisation=world.police,
            roles=member.roles.all(),
            is_active=True,
            municipalities=[world.other_municipality],
        )
    # A regional administrator of both asks; a regional approver of both approves.
    regional_admin = UserFactory(
        username="zvh_admin", organisation=world.municipality, roles=["administrator"]
    )
    regional_admin.municipalities.add(world.other_municipality)
    saved = account_actions.save_user(
        actor_for(regional_admin),
        member,
        username=member.username,
        full_name=member.full_name,
        email="",
        organisation=world.police,
        roles=member.roles.all(),
        is_active=True,
        municipalities=[world.other_municipality],
    )
    assert saved.pending is not None
    member = User.objects.get(pk=member.pk)
    assert set(policy.cases_visible_to(member)) == {world.case}
    # The coordinator here works for this municipality only: not enough to approve.
    with pytest.raises(account_actions.AccessError):
        account_actions.decide(actor_for(world.users["chair"]), saved.pending, approve=True)
    regional_chair = UserFactory(
        username="zvh_chair", organisation=world.municipality, roles=["chair"]
    )
    regional_chair.municipalities.add(world.other_municipality)
    account_actions.decide(actor_for(regional_chair), saved.pending, approve=True)
    member = User.objects.get(pk=member.pk)
    assert set(policy.cases_visible_to(member)) == {world.case, theirs}
    # The youth-care member, whose organisation serves only this municipality, still not.
    assert theirs not in policy.cases_visible_to(world.users["youthcare"])


def test_a_regional_coordinator_sees_signals_of_the_municipalities_given(world: World) -> None:
    house = OrganisationFactory(
        name="Zorg- en Veiligheidshuis",
        kind=Organisation.Kind.SAFETY_HOUSE,
        municipality=world.municipality,
    )
    house.serves.add(world.other_municipality)
    coordinator = UserFactory(username="procesregisseur", organisation=house, roles=["advisor"])
    theirs = _case_elsewhere(world, [world.other_municipality])
    assert world.signal is not None
    assert theirs.origin not in policy.signals_visible_to(coordinator)
    coordinator.municipalities.add(world.other_municipality)
    coordinator = User.objects.get(pk=coordinator.pk)
    visible = set(policy.signals_visible_to(coordinator))
    assert {world.signal, theirs.origin} <= visible
    # A municipality outside the region stays out.
    third = OrganisationFactory(name="Gemeente Derde", municipality_kind=True)
    intake_actions.report_signal(
        actor_for(coordinator),
        municipality=third,
        channel=Signal.Channel.PHONE,
        observation="Derde gemeente",
        anonymous=True,
    )
    assert not policy.signals_visible_to(coordinator).filter(municipality=third).exists()


def test_the_weighing_offers_partners_that_serve_the_municipality(world: World) -> None:
    from samen.casework.forms.weighing import WeighingForm

    world.police.serves.add(world.other_municipality)
    form = WeighingForm(municipality_id=world.other_municipality.pk)
    offered = set(form.fields["participants"].queryset)  # type: ignore[attr-defined]
    assert world.police in offered and world.youth not in offered


def test_each_municipality_keeps_its_own_weighing_term(world: World) -> None:
    from samen.casework.queries.intake import weighing_term_days

    Organisation.objects.filter(pk=world.other_municipality.pk).update(weighing_term_days=5)
    assert weighing_term_days(world.other_municipality.pk) == 5
    assert weighing_term_days(world.municipality.pk) == 10


def test_the_signal_page_weighs_the_term_of_the_signals_own_municipality(
    client: Client, world: World
) -> None:
    """Overdue by the term of the municipality the signal came in at (read with the signal),
    whoever looks: 5 days there, the installation's 10 here."""
    from datetime import timedelta

    from django.utils import timezone

    assert world.signal is not None and world.signal.status in Signal.TO_WEIGH
    eight_days_ago = timezone.now() - timedelta(days=8)
    Signal.objects.filter(pk=world.signal.pk).update(received_at=eight_days_ago)
    login(client, world.users["weighing_team"])
    page = reverse("casework:signal_detail", kwargs={"pk": world.signal.pk})
    assert client.get(page).context["overdue"] is False
    Organisation.objects.filter(pk=world.municipality.pk).update(weighing_term_days=5)
    assert client.get(page).context["overdue"] is True
