"""The case page (issue #16) reads what it shows with a fixed number of queries: an absolute
budget for a case with everything on it, beside ``test_query_counts`` (counts do not grow)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import UserFactory
from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework import policy
from samen.casework.actions import cases as case_actions
from samen.casework.actions import experts as expert_actions
from samen.casework.actions import handover as handover_actions
from samen.casework.actions import informing as informing_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import linking as linking_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.actions import plan as plan_actions
from samen.casework.actions import travel as travel_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.lifecycle import Phase
from samen.casework.models import Case, CaseLink, Expert, Signal
from samen.casework.queries.cases import PROBED, present
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db

# The queries of the case page, by who reads it. Of these, the request itself (session, user,
# second factor, roles, organisation) and the policy with its audit entry take about ten; the
# rest is one query per source the page shows (agenda items with decisions, actions and
# shared information; contributions and their restrictions; closure requests; transfers;
# goals; interventions; participations; judgements; plan approval; the timeline's weighings,
# joined signals and phases; travel, links, hand-overs, informing, orders, assessments,
# attachments). The forms' choices are read when a form is opened (decision 0019).
# Before issue #16: 54, 49, 52 and 44; before decision 0019: 39, 36, 38 and 34. A case that
# leaves sources of ``queries.cases.PROBED`` empty reads fewer (below).
BUDGET = {"coordinator": 32, "chair": 32, "case_manager": 32, "case_table_member": 32}


def budget(reader: str) -> int:
    # PostgreSQL takes the audit chain's lock with a statement of its own.
    return BUDGET[reader] + (connection.vendor == "postgresql")


def everything_on(world: World) -> Case:
    """The world's case with a pending closure, a plan, notes, judgements, attachments, an
    order to an expert, travel, informing, a hand-over and a linked case."""
    case = world.case
    assert case is not None
    chair = actor_for(world.users["chair"])
    manager = actor_for(world.users["case_manager"])
    meeting_actions.record_decision(chair, world.item, text="besluit")
    meeting_actions.record_action(
        chair,
        world.item,
        description="actie",
        owner=world.police,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    case_actions.add_note(chair, case, text="gedeeld", agenda_item=world.item)
    case_actions.add_note(chair, case, text="beperkt", restricted_to=[world.police])
    case_actions.add_note(manager, case, text="bijdrage", restricted_to=[])
    plan_actions.add_goal(manager, case, text="doel")
    case_actions.set_concern(chair, case, ideology="other", level="low", reasons="redenen")
    case_actions.set_concern(chair, case, ideology="other", level="medium", reasons="later")
    case_actions.add_domain_assessment(
        manager, case, domain="housing", risk_factors="risico", protective_factors=""
    )
    case_actions.set_case_manager(chair, case, manager=world.users["case_manager"])
    # The coordinator of the bench: chairs the case table and manages cases.
    world.users["coordinator"] = UserFactory(
        username="coordinator", organisation=world.municipality, roles=["chair", "case_manager"]
    )
    travel_actions.record_travel_status(
        manager, case, state="intention", on=timezone.localdate(), source="politie"
    )
    informing_actions.record_informing(
        manager, case, decision="informed", on=timezone.localdate(), how="per brief"
    )
    expert = expert_actions.save_expert(
        chair,
        None,
        municipality_id=world.municipality.pk,
        user=world.users["expert"],
        kind=Expert.Kind.EXPERT,
        organisation_name="Bureau Duiding",
        specialism="Duiding",
        availability=Expert.Availability.AVAILABLE,
        on_call="",
    )
    expert_actions.order_from_expert(
        manager,
        case,
        expert=expert,
        kind="assessment",
        question="vraag",
        summary="samenvatting",
        due_on=timezone.localdate() + timedelta(days=10),
    )
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Broer",
        anonymous=True,
        subject_name="Broer Persoon",
    ).signal
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome="admit",
        reasons="x",
        participants=[world.police],
    )
    linking_actions.link_cases(chair, case, Case.objects.get(origin=signal), kind="family")
    case_actions.request_closure(
        manager, case, closing_reason="goals_reached", explanation="klaar", review_months=[6]
    )
    handover_actions.record_hand_over(
        manager, case, organisation=world.youth, what="nazorg", on=timezone.localdate()
    )
    return case


@pytest.mark.parametrize("reader", sorted(BUDGET))
def test_the_case_page_stays_within_its_budget(client: Any, world: World, reader: str) -> None:
    case = everything_on(world)
    login(client, world.users[reader])
    url = reverse("casework:case_detail", kwargs={"pk": case.pk})
    client.get(url)  # the session's first request settles it
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    # Everything is on the page: the budget is not met by leaving parts out.
    for shown in (b"besluit", b"gedeeld", b"bijdrage", b"Bureau Duiding", b"klaar", b"nazorg"):
        assert shown in page.content
    if reader == "coordinator":
        # The closing decision is shown open; the order form is offered, to be opened.
        assert page.context["decide_form"] is not None
        assert page.context["order_form"] is True
        assert 'id="order_form" class="samen-form-slot"' in page.content.decode()
    listed = "\n".join(query["sql"][:160] for query in queries.captured_queries)
    assert len(queries) <= budget(reader), listed
    # Each read is still recorded (the first request and the counted one).
    reads = AuditEntry.objects.filter(action="casework.case.view", object_id=str(case.pk))
    assert reads.filter(user_id=world.users[reader].pk).count() == 2


def test_may_order_answers_as_the_list_of_orderable_cases(world: World) -> None:
    """``policy.may_order`` decides without a query for a case the user sees: the same answer
    as ``cases_orderable_by``, for every user, on an open and on a closed case."""
    case = world.case
    assert case is not None
    for phase in (case.phase, Phase.CLOSED):
        Case.objects.filter(pk=case.pk).update(phase=phase)
        for name, user in world.users.items():
            seen = policy.cases_visible_to(user).filter(pk=case.pk).first()
            if seen is None:
                continue
            expected = policy.cases_orderable_by(user).filter(pk=case.pk).exists()
            assert policy.may_order(user, seen) == expected, (name, phase)


def _statements_reading(queries: CaptureQueriesContext, table: str) -> int:
    return sum(1 for query in queries.captured_queries if f'"{table}"' in query["sql"])


def test_the_page_reads_only_the_probed_sources_that_have_rows(client: Any, world: World) -> None:
    """Most cases have no travel status, informing decision, hand-over, link, transfer, order,
    added signal or closing request: one statement asks which of them have rows
    (``queries.cases.present``), and the page reads only those. Filled through the services,
    each is named by the probe and read and shown on the page."""
    case = world.case
    assert case is not None
    login(client, world.users["chair"])
    url = reverse("casework:case_detail", kwargs={"pk": case.pk})
    client.get(url)
    assert present(case) == frozenset()
    with CaptureQueriesContext(connection) as bare:
        assert client.get(url).status_code == 200
    for name, model in PROBED.items():
        # Only the probe mentions the source's table.
        assert _statements_reading(bare, model._meta.db_table) == 1, name

    everything_on(world)  # all but a transfer and an added signal
    filled = frozenset(PROBED) - {"transfers", "joined"}
    assert present(case) == filled
    # A link counts for both cases: the one it is made from and the one it points to.
    assert "links" in present(CaseLink.objects.get(case=case).to_case)
    with CaptureQueriesContext(connection) as full:
        page = client.get(url)
    assert page.status_code == 200
    for name in filled:
        assert _statements_reading(full, PROBED[name]._meta.db_table) == 2, name
    assert len(full) - len(bare) >= len(filled)
    for shown in (b"Bureau Duiding", b"klaar", b"nazorg", b"per brief", b"politie"):
        assert shown in page.content
