"""The number of SQL queries of each programme page does not grow with the data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.programme.actions import budget as budget_actions
from samen.programme.actions import communication as communication_actions
from samen.programme.actions import network as network_actions
from samen.programme.actions import plan as plan_actions
from samen.programme.actions import trainings as training_actions
from samen.programme.tests.authorization import Scene

pytestmark = pytest.mark.django_db


def grow(world: World, scene: Scene, n: int) -> None:
    """n more of everything the pages list: actions with leads, working groups and progress,
    goals, criteria checks, budget lines with spending, contacts, key figures, members and
    meetings, sessions with participants and counts, events, deliveries, communication."""
    chair = actor_for(world.users["chair"])
    lead = actor_for(world.users["lead"])
    today = timezone.localdate()
    for i in range(n):
        partner = OrganisationFactory(municipality=world.municipality)
        trekker = UserFactory(organisation=partner, roles=["programme_lead"])
        theme = plan_actions.save_theme(chair, scene.plan, None, title=f"Thema {i}")
        goal = plan_actions.add_goal(chair, scene.theme, text=f"doel {i}", target_date=today)
        for theme_of in (theme, scene.theme):
            action = plan_actions.save_action(
                chair,
                theme_of,
                None,
                title=f"Actie {i}",
                lead_organisation=partner,
                lead_user=trekker,
                working_group=[world.police, partner],
                goal=goal if theme_of == scene.theme else None,
                planned_end=today + timedelta(days=i),
            )
            plan_actions.report_progress(chair, action, on=today, text=f"voortgang {i}")
        led = plan_actions.save_action(
            chair,
            scene.theme,
            None,
            title=f"Geleid {i}",
            lead_organisation=world.youth,
            lead_user=world.users["lead"],
            planned_end=today,
        )
        plan_actions.report_progress(lead, led, on=today, text="x", status="under_way")
        plan_actions.report_progress(chair, scene.action, on=today, text=f"extra {i}")
        criterion = plan_actions.save_criterion(
            chair, None, text=f"kader {i}", position=i, active=True
        )
        plan_actions.check_criteria(chair, scene.action, {criterion: (True, "ja")})
        plan_actions.save_risk(chair, scene.plan, None, title=f"risico {i}", theme=theme)
        line = budget_actions.save_budget_line(
            chair,
            scene.plan,
            None,
            year=scene.plan.first_year,
            theme=theme,
            action=None,
            title=f"regel {i}",
            source="own",
            amount=Decimal("10.50"),
        )
        for _ in range(2):
            budget_actions.add_spending(
                chair, line, spent_on=today, amount=Decimal("1.25"), description="x"
            )
            budget_actions.add_spending(
                chair, scene.line, spent_on=today, amount=Decimal("0.25"), description="y"
            )
        budget_actions.save_budget_line(
            chair,
            scene.plan,
            None,
            year=scene.plan.first_year,
            theme=scene.theme,
            action=scene.action,
            title=f"actie {i}",
            source="national",
            subsidy_status="requested",
            amount=Decimal(5),
        )
        contact = network_actions.save_contact_person(
            chair, None, organisation=partner, name=f"Contact {i}", designated_officer=True
        )
        key_figure = network_actions.save_key_figure(
            chair,
            None,
            name=f"Sleutelfiguur {i}",
            consent_given_on=date(2025, 1, 1),
            consent_scope="x",
        )
        network_actions.set_district_members(
            chair,
            scene.network,
            contacts=[*scene.network.contact_members.all(), contact],
            key_figures=[*scene.network.key_figure_members.all(), key_figure],
        )
        network_actions.record_district_meeting(
            chair,
            scene.network,
            held_on=today,
            topics=f"onderwerp {i}",
            contacts_present=[contact],
            key_figures_present=[key_figure],
            others_present=1,
            signals_reported=0,
        )
        session = training_actions.plan_session(
            chair,
            scene.training,
            starts_on=today + timedelta(days=i),
            place="",
            trainer="",
            capacity=None,
        )
        training_actions.register_participant(
            chair, session, name=f"Contact {i}", email="", organisation=partner
        )
        training_actions.register_participant(
            chair, scene.session, name=f"Deelnemer {i}", email="", organisation=partner
        )
        training_actions.add_headcount(chair, scene.session, count=3, organisation=partner)
        training_actions.add_evaluation(chair, scene.session, summary="goed", rating=4)
        training_actions.save_training(chair, None, title=f"Training {i}")
        training_actions.add_programme_item(
            chair, scene.event, kind="workshop", title=f"w{i}", speaker="", attendance=5
        )
        training_actions.save_event(chair, None, kind="other", title=f"Event {i}", held_on=today)
        training_actions.record_delivery(
            chair,
            scene.outreach,
            school=f"School {i}",
            held_on=today,
            classes=1,
            pupils=20,
            parents=0,
            professionals=1,
        )
        communication_actions.save_moment(
            chair,
            None,
            planned_on=today + timedelta(days=i),
            audience="a",
            channel="c",
            core_message=f"m{i}",
            owner="o",
        )
        communication_actions.record_dialogue(chair, held_on=today, title=f"d{i}", attendance=9)
        communication_actions.log_response(
            chair, occurred_on=today, kind="media", subject=f"s{i}", response="r"
        )


PAGES = [
    ("dashboard", None, "chair"),
    ("dashboard", None, "lead"),
    ("programme:home", None, "chair"),
    ("programme:plan_detail", "plan", "chair"),
    ("programme:theme_detail", "theme", "chair"),
    ("programme:action_detail", "action", "chair"),
    ("programme:action_detail", "action", "lead"),
    ("programme:by_organisation", "plan", "chair"),
    ("programme:timeline", "plan", "chair"),
    ("programme:my_actions", None, "lead"),
    ("programme:criteria", None, "chair"),
    ("programme:budget", "plan", "chair"),
    ("programme:budget_line_detail", "line", "chair"),
    ("programme:contacts", None, "chair"),
    ("programme:key_figures", None, "chair"),
    ("programme:districts", None, "chair"),
    ("programme:district_detail", "network", "chair"),
    ("programme:district_members", "network", "chair"),
    ("programme:trained", None, "chair"),
    ("programme:trainings", None, "chair"),
    ("programme:training_detail", "training", "chair"),
    ("programme:session_detail", "session", "chair"),
    ("programme:events", None, "chair"),
    ("programme:event_detail", "event", "chair"),
    ("programme:outreach", None, "chair"),
    ("programme:outreach_detail", "outreach", "chair"),
    ("programme:communication", None, "chair"),
    ("programme:dialogues", None, "chair"),
    ("programme:responses", None, "chair"),
    ("programme:numbers", None, "analyst"),
    ("programme:numbers", None, "chair"),
    # Forms with choices that grow with the data (partners, users, actions, members).
    ("programme:action_create", "theme", "chair"),
    ("programme:action_edit", "action", "chair"),
    ("programme:budget_line_create", "plan", "chair"),
    ("programme:budget_line_edit", "line", "chair"),
    ("programme:contact_create", None, "chair"),
]


# Forms posted empty (they change nothing and show their errors again, with their choices).
EMPTY_POSTS = [
    ("programme:districts", None, "chair"),
    ("programme:district_meeting", "network", "chair"),
    ("programme:budget_line_create", "plan", "chair"),
    ("programme:budget_line_edit", "line", "chair"),
    ("programme:action_create", "theme", "chair"),
    ("programme:action_edit", "action", "chair"),
    ("programme:action_progress", "action", "chair"),
    ("programme:session_participant", "session", "chair"),
    ("programme:session_headcount", "session", "chair"),
    ("programme:session_evaluation", "session", "chair"),
]


def count_queries(client: Any, url: str, method: str = "get") -> int:
    """The queries of the page with nothing kept between requests (``samen.reports.kept``):
    the first request after a change, its costliest."""
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
    assert response.status_code == (200 if method == "get" else 422)
    return len(queries)


def test_queries_do_not_grow_with_data(world: World, programme: Scene) -> None:
    """Every page, counted after 2 more of everything and again after 5 more (the data grows
    once for all pages: it is the slow part). One client per actor, logged in once."""
    clients = {actor: login(Client(), world.users[actor]) for actor in {a for *_, a in PAGES}}
    urls = [
        reverse(name, kwargs={"pk": getattr(programme, attribute).pk} if attribute else None)
        for name, attribute, _ in PAGES
    ]
    posts = [
        reverse(name, kwargs={"pk": getattr(programme, attribute).pk} if attribute else None)
        for name, attribute, _ in EMPTY_POSTS
    ]
    requests = [
        *((page, url, "get") for page, url in zip(PAGES, urls, strict=True)),
        *((form, url, "post") for form, url in zip(EMPTY_POSTS, posts, strict=True)),
    ]

    def counted() -> list[int]:
        return [count_queries(clients[actor], url, method) for (*_, actor), url, method in requests]

    grow(world, programme, 2)
    small = counted()
    grow(world, programme, 5)
    large = counted()
    grown = [
        f"{name} ({method}) as {actor}: {before} queries with less data, {after} with more"
        for ((name, _, actor), _url, method), before, after in zip(
            requests, small, large, strict=True
        )
        if before != after
    ]
    assert not grown, grown
