"""Every branch of the access policy, for lists and single objects."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from samen.accounts.models import Role
from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.casework import policy
from samen.casework.policy import get_case_for, get_meeting_for, get_signal_for
from samen.casework.tests.factories import World, actor_for

pytestmark = pytest.mark.django_db


def test_anonymous_sees_nothing(world: World) -> None:
    anonymous = AnonymousUser()
    assert not policy.signals_visible_to(anonymous).exists()
    assert not policy.cases_visible_to(anonymous).exists()
    assert not policy.meetings_visible_to(anonymous).exists()


def test_inactive_user_sees_nothing(world: World) -> None:
    user = world.users["case_table_member"]
    user.is_active = False
    user.save()
    assert not policy.cases_visible_to(user).exists()


def test_case_needs_a_casework_role(world: World) -> None:
    police_reporter = UserFactory(organisation=world.police, roles=["reporter", "analyst"])
    assert not policy.cases_visible_to(police_reporter).exists()


def test_case_needs_the_organisation_to_take_part(world: World) -> None:
    assert list(policy.cases_visible_to(world.users["case_table_member"])) == [world.case]
    assert not policy.cases_visible_to(world.outsider).exists()


def test_case_visibility_follows_participation(world: World) -> None:
    from samen.casework.models import CaseParticipation

    CaseParticipation.objects.create(
        case=world.case, organisation=world.outsider_org, added_by=world.users["chair"]
    )
    assert list(policy.cases_visible_to(world.outsider)) == [world.case]


def test_roles_are_data(world: World) -> None:
    member = world.outsider
    role = Role.objects.get(code="case_table_member")
    role.capabilities = []
    role.save()
    member = type(member).objects.get(pk=member.pk)
    assert not member.has_casework_role


@pytest.mark.parametrize("role", ["administrator", "analyst", "dpo", "reporter"])
def test_roles_without_personal_data_see_no_signals_or_cases(world: World, role: str) -> None:
    user = world.users[role]
    assert not policy.signals_visible_to(user).exists()
    assert not policy.cases_visible_to(user).exists()
    assert not policy.meetings_visible_to(user).exists()


def test_signals_reach_intake_of_the_receiving_municipality_only(world: World) -> None:
    assert policy.signals_visible_to(world.users["advisor"]).count() == 2
    assert policy.signals_visible_to(world.users["weighing_team"]).count() == 2  # police
    assert not policy.signals_visible_to(world.users["elsewhere"]).exists()
    assert not policy.signals_visible_to(world.users["case_table_member"]).exists()


def test_signals_need_an_organisation_linked_to_a_municipality(world: World) -> None:
    loose = UserFactory(organisation=OrganisationFactory(), roles=["advisor"])
    assert not policy.signals_visible_to(loose).exists()
    assert not policy.meetings_visible_to(
        UserFactory(organisation=OrganisationFactory(), roles=["chair"])
    ).exists()


def test_meetings_of_own_municipality_with_only_visible_items(world: World) -> None:
    assert list(policy.meetings_visible_to(world.outsider)) == [world.meeting]
    assert not policy.agenda_items_visible_to(world.outsider).exists()
    assert list(policy.agenda_items_visible_to(world.users["youthcare"])) == [world.item]
    assert not policy.meetings_visible_to(world.users["elsewhere"]).exists()


@pytest.mark.parametrize(
    ("getter", "attribute"),
    [(get_signal_for, "signal"), (get_case_for, "case"), (get_meeting_for, "meeting")],
)
def test_getters_answer_404_for_missing_and_for_hidden_alike(
    world: World, getter: Any, attribute: str
) -> None:
    hidden = getattr(world, attribute)
    with pytest.raises(Http404):
        getter(actor_for(world.users["elsewhere"]), hidden.pk)
    with pytest.raises(Http404):
        getter(actor_for(world.users["elsewhere"]), 999_999)
