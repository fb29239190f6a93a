"""The number of SQL queries of each list and detail page does not grow with the data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.accounts import actions as account_actions
from samen.accounts.models import Role
from samen.accounts.tests.factories import UserFactory
from samen.audit.actor import Actor
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.actions import plan as plan_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Case, Signal, Weighing
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def grow(world: World, n: int) -> None:
    """n more signals, admitted cases on the world's meeting with decisions and actions, users."""
    chair = actor_for(world.users["chair"])
    for i in range(n):
        signal = intake_actions.report_signal(
            Actor.system("test"),
            municipality=world.municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=f"observation {i}",
            anonymous=True,
            subject_name=f"Persoon {i}",
        ).signal
        weighing_actions.weigh_signal(
            chair,
            signal,
            outcome=Weighing.Outcome.ADMIT,
            reasons="reden",
            participants=[world.police, world.youth],
        )
        case = Case.objects.get(origin=signal)
        item = meeting_actions.add_agenda_item(chair, world.meeting, case)
        meeting_actions.record_decision(chair, item, text=f"besluit {i}")
        meeting_actions.record_action(
            chair,
            item,
            description=f"actie {i}",
            owner=world.police,
            due_date=timezone.localdate() + timedelta(days=3),
        )
        colleague = UserFactory(organisation=world.police, roles=["case_table_member", "reporter"])
        # Four eyes: requests waiting for approval, machine clients.
        admin = actor_for(world.users["administrator"])
        account_actions.request_two_factor_reset(admin, colleague, reason="telefoon")
        account_actions.register_client(
            admin,
            name=f"client-{colleague.pk}",
            organisation=world.police if i % 2 else world.youth,
            scopes=Role.objects.filter(code__in=["client_read_cases", "client_submit_signals"]),
            expires_on=timezone.localdate() + timedelta(days=9),
            reason="koppeling",
        )
        # The world's case gathers history: contributions (some restricted), plan, judgements.
        case_actions.add_note(
            chair, world.case, text=f"bijdrage {i}", restricted_to=[world.police] if i % 2 else []
        )
        plan_actions.add_goal(chair, world.case, text=f"doel {i}")
        case_actions.add_note(chair, world.case, text=f"gedeeld {i}", agenda_item=world.item)
        plan_actions.save_intervention(
            chair,
            world.case,
            None,
            domain="housing",
            description=f"woning {i}",
            responsible=world.youth,
            starts_on=timezone.localdate(),
        )
        case_actions.set_concern(chair, world.case, ideology="other", level="low", reasons=f"r{i}")
        meeting_actions.record_action(
            chair,
            world.item,
            description=f"actie politie {i}",
            owner=world.police,
            due_date=timezone.localdate() - timedelta(days=1),
        )
    meeting_actions.create_meeting(chair, title="extra", starts_at=timezone.now(), location="")


PAGES = [
    ("dashboard", None, "chair"),
    ("casework:signal_list", None, "advisor"),
    ("casework:signal_detail", "weighed_signal", "weighing_team"),
    ("casework:case_list", None, "case_table_member"),
    ("casework:case_detail", "case", "chair"),
    ("casework:case_detail", "case", "case_manager"),
    ("casework:meeting_list", None, "chair"),
    ("casework:meeting_detail", "meeting", "chair"),
    ("casework:meeting_minutes", "meeting", "case_table_member"),
    ("casework:my_actions", None, "case_table_member"),
    ("audit:log", None, "dpo"),
    ("accounts:user_list", None, "administrator"),
    ("accounts:organisation_list", None, "administrator"),
    ("accounts:client_list", None, "administrator"),
    ("accounts:request_list", None, "chair"),
    ("api:case-list", None, "case_table_member"),
    ("api:signal-list", None, "advisor"),
]


def count_queries(client: Any, url: str) -> int:
    """The queries of the page with nothing kept between requests (``samen.reports.kept``):
    the first request after a change, its costliest."""
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "attribute", "actor"), PAGES)
def test_queries_do_not_grow_with_data(
    client: Any, world: World, name: str, attribute: str | None, actor: str
) -> None:
    login(client, world.users[actor])
    kwargs = {"pk": getattr(world, attribute).pk} if attribute else None
    url = reverse(name, kwargs=kwargs)
    grow(world, 2)
    small = count_queries(client, url)
    grow(world, 6)
    large = count_queries(client, url)
    assert large == small, f"{name}: {small} queries with less data, {large} with more"
