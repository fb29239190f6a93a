"""The programme's rows of the authorization matrix (merged into casework's MATRIX).

Who may do what (docs/authorization.md): the coordinator (chair role) reads and keeps the
programme and its network; a lead ("trekker", the matrix's ``lead``, of youth care) sees the
actions they and their organisation lead and reports progress on their own; the analyst reads
the programme in numbers; nobody else sees any of it. "elsewhere" is a chair of another
municipality: the lists are theirs (200), this municipality's records are not (404).
Expectations are mappings whose missing actors get the default, so an actor added to the matrix
later is covered as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from samen.audit.actor import Actor
from samen.hub import actions as hub_actions
from samen.hub.importing import read_document
from samen.hub.models import Document
from samen.programme.actions import budget as budget_actions
from samen.programme.actions import communication as communication_actions
from samen.programme.actions import network as network_actions
from samen.programme.actions import plan as plan_actions
from samen.programme.actions import trainings as training_actions
from samen.programme.models import (
    BudgetLine,
    CommunicationMoment,
    ContactPerson,
    Criterion,
    DistrictNetwork,
    Event,
    KeyFigure,
    Outreach,
    Plan,
    PlanAction,
    Risk,
    Theme,
    Training,
    TrainingSession,
)


class Expect(dict[str, int]):
    def __init__(self, default: int, **explicit: int) -> None:
        super().__init__(explicit)
        self.default = default

    def __missing__(self, actor: str) -> int:
        return self.default


def keeper(status: int, elsewhere: int | None = None) -> Expect:
    """Pages of who keeps the programme or its network (the chair role)."""
    return Expect(
        403, anonymous=302, chair=status, elsewhere=status if elsewhere is None else elsewhere
    )


def leads(status: int, elsewhere: int | None = None) -> Expect:
    """Pages of the coordinator and of the action's lead."""
    expected = keeper(status, elsewhere)
    expected["lead"] = status
    return expected


@dataclass
class Scene:
    plan: Plan
    theme: Theme
    action: PlanAction
    criterion: Criterion
    risk: Risk
    line: BudgetLine
    contact: ContactPerson
    key_figure: KeyFigure
    network: DistrictNetwork
    training: Training
    session: TrainingSession
    event: Event
    outreach: Outreach
    moment: CommunicationMoment
    document: Document


def scene(world: Any) -> Scene:
    """One of everything, in the world's municipality, set by its coordinator (made once per
    test, each test running in a savepoint of its own; or once for a whole table of requests,
    kept in ``world.prepared``)."""
    if "programme" in world.prepared:
        return world.prepared["programme"]
    plan = Plan.objects.filter(title="Matrix action plan").first()
    if plan is not None:
        return _found(plan)
    chair = Actor.for_user(world.users["chair"], "test")
    year = timezone.localdate().year
    plan = plan_actions.save_plan(
        chair, None, title="Matrix action plan", first_year=year, last_year=year + 1
    )
    theme = plan_actions.save_theme(chair, plan, None, title="Opvoeding")
    plan_actions.save_action(
        chair,
        theme,
        None,
        title="Moedercirkels",
        lead_organisation=world.youth,
        lead_user=world.users["lead"],
        planned_end=timezone.localdate() + timedelta(days=30),
    )
    plan_actions.save_criterion(chair, None, text="Samenwerking", position=1, active=True)
    plan_actions.save_risk(chair, plan, None, title="Subsidie", description="", mitigation="")
    budget_actions.save_budget_line(
        chair, plan, None, year=year, theme=theme, title="Dialoog", source="own", amount=Decimal(1)
    )
    network_actions.save_contact_person(
        chair, None, organisation=world.police, name="Wijkagent Matrix", designated_officer=True
    )
    network_actions.save_key_figure(
        chair,
        None,
        name="Sleutelfiguur Matrix",
        consent_given_on=date(2025, 1, 1),
        consent_scope="netwerk",
    )
    network_actions.save_district_network(
        chair, name="Matrix-Noord", district="Noord", description=""
    )
    training = training_actions.save_training(chair, None, title="Signaleren")
    training_actions.plan_session(
        chair, training, starts_on=timezone.localdate(), place="", trainer="", capacity=None
    )
    training_actions.save_event(
        chair, None, kind="theme_day", title="Themadag", held_on=timezone.localdate()
    )
    training_actions.save_outreach(chair, None, kind="school", title="Weerbaarheid")
    communication_actions.save_moment(
        chair,
        None,
        planned_on=timezone.localdate(),
        audience="ouders",
        channel="nieuwsbrief",
        core_message="samen",
        owner="communicatie",
    )
    text = "Plan\n\n1. Opvoeding\n\nWaar staan we nu?\n\nOuders vragen om steun.\n"
    hub_actions.import_document(
        Actor.system(), read_document(text), text=text, title="Matrix hub plan"
    )
    return _found(plan)


def _found(plan: Plan) -> Scene:
    theme = plan.themes.get()
    return Scene(
        plan=plan,
        theme=theme,
        action=theme.actions.get(),
        criterion=Criterion.objects.get(municipality_id=plan.municipality_id),
        risk=plan.risks.get(),
        line=plan.budget_lines.get(),
        contact=ContactPerson.objects.get(municipality_id=plan.municipality_id),
        key_figure=KeyFigure.objects.get(municipality_id=plan.municipality_id),
        network=DistrictNetwork.objects.get(municipality_id=plan.municipality_id),
        training=Training.objects.get(municipality_id=plan.municipality_id),
        session=TrainingSession.objects.get(training__municipality_id=plan.municipality_id),
        event=Event.objects.get(municipality_id=plan.municipality_id),
        outreach=Outreach.objects.get(municipality_id=plan.municipality_id),
        moment=CommunicationMoment.objects.get(municipality_id=plan.municipality_id),
        document=Document.objects.get(title="Matrix hub plan"),
    )


def pk_of(attribute: str) -> Any:
    return lambda world: {"pk": getattr(scene(world), attribute).pk}


# url name -> (kwargs builder, GET expectations, POST expectations or None)
PROGRAMME_MATRIX: dict[str, tuple[Any, dict[str, int], dict[str, int] | None]] = {
    "programme:home": (None, Expect(403, anonymous=302, chair=200, elsewhere=200, lead=302), None),
    # The action plan
    "programme:plan_create": (None, keeper(200), keeper(422)),
    "programme:plan_import": (None, keeper(200), keeper(422)),
    "programme:plan_import_review": (pk_of("document"), keeper(200), keeper(422)),
    "programme:plan_detail": (pk_of("plan"), keeper(200, 404), None),
    "programme:plan_edit": (pk_of("plan"), keeper(200, 404), keeper(422, 404)),
    "programme:theme_create": (pk_of("plan"), keeper(200, 404), keeper(422, 404)),
    "programme:by_organisation": (pk_of("plan"), keeper(200, 404), None),
    "programme:timeline": (pk_of("plan"), keeper(200, 404), None),
    "programme:risk_create": (pk_of("plan"), keeper(200, 404), keeper(422, 404)),
    "programme:theme_detail": (pk_of("theme"), keeper(200, 404), None),
    "programme:theme_edit": (pk_of("theme"), keeper(200, 404), keeper(422, 404)),
    "programme:goal_create": (pk_of("theme"), keeper(405), keeper(422, 404)),
    "programme:action_create": (pk_of("theme"), keeper(200, 404), keeper(422, 404)),
    "programme:my_actions": (None, leads(200), None),
    "programme:action_detail": (pk_of("action"), leads(200, 404), None),
    "programme:action_edit": (pk_of("action"), keeper(200, 404), keeper(422, 404)),
    "programme:action_progress": (pk_of("action"), leads(405), leads(422, 404)),
    "programme:action_criteria": (pk_of("action"), keeper(405), keeper(302, 404)),
    "programme:criteria": (None, keeper(200), keeper(422)),
    "programme:criterion_edit": (pk_of("criterion"), keeper(200, 404), keeper(422, 404)),
    "programme:risk_edit": (pk_of("risk"), keeper(200, 404), keeper(422, 404)),
    # The budget
    "programme:budget": (pk_of("plan"), keeper(200, 404), None),
    "programme:budget_line_create": (pk_of("plan"), keeper(200, 404), keeper(422, 404)),
    "programme:budget_line_detail": (pk_of("line"), keeper(200, 404), None),
    "programme:budget_line_edit": (pk_of("line"), keeper(200, 404), keeper(422, 404)),
    "programme:spending_create": (pk_of("line"), keeper(405), keeper(422, 404)),
    # The network
    "programme:contacts": (None, keeper(200), None),
    "programme:contact_create": (None, keeper(200), keeper(422)),
    "programme:contact_edit": (pk_of("contact"), keeper(200, 404), keeper(422, 404)),
    "programme:key_figures": (None, keeper(200), None),
    "programme:key_figure_create": (None, keeper(200), keeper(422)),
    "programme:key_figure_edit": (pk_of("key_figure"), keeper(200, 404), keeper(422, 404)),
    "programme:key_figure_withdraw": (pk_of("key_figure"), keeper(405), keeper(422, 404)),
    "programme:districts": (None, keeper(200), keeper(422)),
    "programme:district_detail": (pk_of("network"), keeper(200, 404), None),
    "programme:district_members": (pk_of("network"), keeper(200, 404), keeper(302, 404)),
    "programme:district_meeting": (pk_of("network"), keeper(405), keeper(422, 404)),
    "programme:trained": (None, keeper(200), None),
    # Trainings and events
    "programme:trainings": (None, keeper(200), None),
    "programme:training_create": (None, keeper(200), keeper(422)),
    "programme:training_detail": (pk_of("training"), keeper(200, 404), None),
    "programme:training_edit": (pk_of("training"), keeper(200, 404), keeper(422, 404)),
    "programme:session_create": (pk_of("training"), keeper(405), keeper(422, 404)),
    "programme:session_detail": (pk_of("session"), keeper(200, 404), None),
    "programme:session_participant": (pk_of("session"), keeper(405), keeper(422, 404)),
    "programme:session_headcount": (pk_of("session"), keeper(405), keeper(422, 404)),
    "programme:session_evaluation": (pk_of("session"), keeper(405), keeper(422, 404)),
    "programme:events": (None, keeper(200), None),
    "programme:event_create": (None, keeper(200), keeper(422)),
    "programme:event_detail": (pk_of("event"), keeper(200, 404), None),
    "programme:event_item": (pk_of("event"), keeper(405), keeper(422, 404)),
    "programme:outreach": (None, keeper(200), None),
    "programme:outreach_create": (None, keeper(200), keeper(422)),
    "programme:outreach_detail": (pk_of("outreach"), keeper(200, 404), None),
    "programme:outreach_delivery": (pk_of("outreach"), keeper(405), keeper(422, 404)),
    # Communication
    "programme:communication": (None, keeper(200), None),
    "programme:moment_create": (None, keeper(200), keeper(422)),
    "programme:moment_edit": (pk_of("moment"), keeper(200, 404), keeper(422, 404)),
    "programme:dialogues": (None, keeper(200), None),
    "programme:dialogue_create": (None, keeper(200), keeper(422)),
    "programme:responses": (None, keeper(200), None),
    "programme:response_create": (None, keeper(200), keeper(422)),
    # In numbers: who reads the programme and the analyst
    "programme:numbers": (
        None,
        Expect(403, anonymous=302, chair=200, elsewhere=200, analyst=200),
        None,
    ),
}
