"""The test world: a municipality, partners, one user per role, signals and cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from samen.accounts import actions as account_actions
from samen.accounts.models import AccessRequest, Organisation, Role, User
from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.audit.actor import Actor
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.actions import plan as plan_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import (
    AgendaItem,
    Attachment,
    Case,
    District,
    Expert,
    ExpertOrder,
    GuidanceAnswer,
    GuidanceNode,
    GuidanceTree,
    Intervention,
    Meeting,
    Referral,
    Signal,
    Weighing,
    WeighingCriterion,
)

ROLES = [
    "reporter",
    "advisor",
    "weighing_team",
    "case_table_member",
    "case_manager",
    "chair",
    "analyst",
    "administrator",
    "dpo",
]


def pdf_file(marker: str = "test", **extra: object) -> bytes:
    """A small, valid PDF (one blank page) whose metadata title holds ``marker``."""
    from io import BytesIO

    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": marker})
    for key, value in extra.items():
        writer._root_object[NameObject(f"/{key}")] = value
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


TEST_PDF = pdf_file("test")


def actor_for(user: User) -> Actor:
    """The user acting outside a request, as the tests set the scene."""
    return Actor.for_user(user, "test")


@dataclass
class World:
    municipality: Organisation
    police: Organisation
    youth: Organisation
    outsider_org: Organisation
    other_municipality: Organisation
    users: dict[str, User] = field(default_factory=dict)
    signal: Signal | None = None
    weighed_signal: Signal | None = None
    case: Case | None = None
    meeting: Meeting | None = None
    item: AgendaItem | None = None
    criterion: WeighingCriterion | None = None
    district: District | None = None
    intervention: Intervention | None = None
    attachment: Attachment | None = None
    tree: GuidanceTree | None = None
    answer: GuidanceAnswer | None = None
    # Four eyes: a request waiting for a second person, and a machine client of the police
    # with a token (shown once, kept here for the tests).
    access_request: AccessRequest | None = None
    api_client: User | None = None
    api_token: str = ""
    # What a table of requests builds once beside the world (e.g. the programme's records),
    # by name; see samen.casework.tests.test_authorization_matrix.
    prepared: dict[str, Any] = field(default_factory=dict)

    @property
    def outsider(self) -> User:
        """A case-table member of a partner that does not take part in the case."""
        return self.users["outsider"]


def build_world() -> World:
    municipality = OrganisationFactory(name="Gemeente Teststad", municipality_kind=True)
    other = OrganisationFactory(name="Gemeente Elders", municipality_kind=True)
    world = World(
        municipality=municipality,
        police=OrganisationFactory(
            name="Politie", kind=Organisation.Kind.POLICE, municipality=municipality
        ),
        youth=OrganisationFactory(
            name="Jeugdzorg", kind=Organisation.Kind.YOUTH_CARE, municipality=municipality
        ),
        outsider_org=OrganisationFactory(
            name="GGZ", kind=Organisation.Kind.MENTAL_HEALTH, municipality=municipality
        ),
        other_municipality=other,
    )
    for role in ROLES:
        org = world.police if role in {"case_table_member", "weighing_team"} else municipality
        world.users[role] = UserFactory(username=role, organisation=org, roles=[role])
    world.users["outsider"] = UserFactory(
        username="outsider", organisation=world.outsider_org, roles=["case_table_member"]
    )
    world.users["youthcare"] = UserFactory(
        username="youthcare", organisation=world.youth, roles=["case_table_member"]
    )
    # A lead ("trekker") of prevention-programme actions from a partner organisation.
    world.users["lead"] = UserFactory(
        username="lead", organisation=world.youth, roles=["programme_lead"]
    )
    # An expert (the role "expert" only), of the mental-health organisation, which does not
    # take part in the world's case: sees an order given to them, nothing else.
    world.users["expert"] = UserFactory(
        username="expert", organisation=world.outsider_org, roles=["expert"]
    )
    world.users["elsewhere"] = UserFactory(
        username="elsewhere",
        organisation=other,
        roles=["advisor", "weighing_team", "chair", "case_manager"],
    )
    # The administrator of the other municipality (regions: sees only its own users).
    world.users["admin_elsewhere"] = UserFactory(
        username="admin_elsewhere", organisation=other, roles=["administrator"]
    )
    chair = actor_for(world.users["chair"])
    weigher = actor_for(world.users["weighing_team"])
    world.signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Zorgen over een buurjongen",
        anonymous=True,
        subject_name="Test Persoon",
    ).signal
    world.weighed_signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Zorgen over een collega",
        anonymous=False,
        reporter_name="Melder",
        reporter_contact="melder@example.invalid",
        subject_name="Tweede Persoon",
    ).signal
    weighing_actions.weigh_signal(
        weigher,
        world.weighed_signal,
        outcome=Weighing.Outcome.ADMIT,
        reasons="Mogelijke radicalisering",
        participants=[world.police, world.youth],
    )
    world.case = Case.objects.get(origin=world.weighed_signal)
    world.meeting = meeting_actions.create_meeting(
        chair,
        title="Casusoverleg",
        starts_at=timezone.now() + timedelta(days=7),
        location="Veiligheidshuis",
    )
    world.item = meeting_actions.add_agenda_item(chair, world.meeting, world.case)
    world.intervention = plan_actions.save_intervention(
        actor_for(world.users["case_manager"]),
        world.case,
        None,
        domain="mentoring",
        description="Mentor via het wijkteam",
        responsible=world.youth,
        starts_on=timezone.localdate(),
    )
    world.attachment = case_actions.add_attachment(
        actor_for(world.users["case_table_member"]),
        world.case,
        kind="external_assessment",
        title="Duidingsrapport",
        filename="duiding.pdf",
        content=TEST_PDF,
    )
    admin = actor_for(world.users["administrator"])
    world.access_request = account_actions.request_two_factor_reset(
        admin, world.users["advisor"], reason="telefoon kwijt"
    )
    registration = account_actions.register_client(
        admin,
        name="politie-koppeling",
        organisation=world.police,
        scopes=Role.objects.filter(
            code__in=["client_submit_signals", "client_read_cases", "client_move_phases"]
        ),
        expires_on=timezone.localdate() + timedelta(days=30),
        reason="koppeling met het politiesysteem",
    )
    world.api_client = registration.subject
    world.api_token = account_actions.decide(chair, registration, approve=True).secret
    world.tree = GuidanceTree.objects.create(
        municipality=municipality, audience="residents", title_nl="Zorgen over iemand"
    )
    question = GuidanceNode.objects.create(
        tree=world.tree, kind="question", text_nl="Is er acuut gevaar?"
    )
    acute = GuidanceNode.objects.create(
        tree=world.tree,
        kind="advice",
        text_nl="Bel direct 112.",
        emergency=True,
        offer_report=False,
    )
    report = GuidanceNode.objects.create(
        tree=world.tree, kind="advice", text_nl="Meld uw zorg bij het meldpunt."
    )
    world.answer = GuidanceAnswer.objects.create(question=question, label_nl="Ja", leads_to=acute)
    GuidanceAnswer.objects.create(question=question, label_nl="Nee", leads_to=report)
    world.tree.start = question
    world.tree.active = True
    world.tree.save()
    world.district = District.objects.create(municipality=municipality, name="Centrum")
    world.criterion = WeighingCriterion.objects.create(
        municipality=municipality, text_nl="Uitingen die geweld rechtvaardigen", position=1
    )
    return world


def referred_signal(world: World, **extra: object) -> Referral:
    """A professional's signal referred by the weighing team to GGZ (the world's outsider
    organisation, which takes part in no case): an open referral."""
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PARTNER_FORM,
        observation="Geheime observatie over de buurjongen",
        anonymous=False,
        reporter_name="Docent",
        reporter_contact="docent@example.invalid",
        subject_name="Derde Persoon",
        subject_birth_date="2005-04-03",
    ).signal
    weighing = weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome=Weighing.Outcome.REFER_CARE,
        reasons="Interne notitie van het weegteam",
        referred_to=world.outsider_org,
        referral_question="Wilt u hulp bieden?",
        referral_reason="Somber en verward",
        **extra,  # type: ignore[arg-type]
    )
    return weighing.referral


def expert_order(world: World, **values: Any) -> ExpertOrder:
    """The world's expert in the register of the world's municipality, with an open order on
    the world's case (made on first use, inside the test's savepoint)."""
    expert = Expert.objects.filter(user=world.users["expert"]).first() or Expert.objects.create(
        municipality=world.municipality,
        user=world.users["expert"],
        kind=Expert.Kind.EXPERT,
        organisation_name="Bureau Duiding",
        specialism="Duidingsassessments",
        on_call="dag en nacht",
    )
    order = ExpertOrder.objects.filter(expert=expert, status=ExpertOrder.Status.ORDERED).first()
    if order is not None and not values:
        return order
    due_on = timezone.localdate() + timedelta(days=14)
    fields: dict[str, Any] = {
        "case": world.case,
        "expert": expert,
        "kind": ExpertOrder.Kind.ASSESSMENT,
        "question": "Is er sprake van radicalisering?",
        "summary": "Jongvolwassene, zorgen op school",
        "due_on": due_on,
        "access_until": due_on + timedelta(days=7),
        "ordered_by": world.users["case_manager"],
        **values,
    }
    return ExpertOrder.objects.create(**fields)
