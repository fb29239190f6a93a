"""The test world: a municipality, partners, one user per role, signals and cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.casework import actions
from samen.casework.models import AgendaItem, Case, Meeting, Signal, Weighing

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


def request_as(user: User) -> HttpRequest:
    request = HttpRequest()
    request.user = user
    request.request_id = "test"  # type: ignore[attr-defined]
    return request


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
    world.users["elsewhere"] = UserFactory(
        username="elsewhere",
        organisation=other,
        roles=["advisor", "weighing_team", "chair", "case_manager"],
    )
    chair = request_as(world.users["chair"])
    weigher = request_as(world.users["weighing_team"])
    world.signal = actions.report_signal(
        None,
        municipality=municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Zorgen over een buurjongen",
        anonymous=True,
        subject_name="Test Persoon",
    ).signal
    world.weighed_signal = actions.report_signal(
        None,
        municipality=municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Zorgen over een collega",
        anonymous=False,
        reporter_name="Melder",
        reporter_contact="melder@example.invalid",
        subject_name="Tweede Persoon",
    ).signal
    actions.weigh_signal(
        weigher,
        world.weighed_signal,
        outcome=Weighing.Outcome.ADMIT,
        reasons="Mogelijke radicalisering",
        participants=[world.police, world.youth],
    )
    world.case = Case.objects.get(origin=world.weighed_signal)
    world.meeting = actions.create_meeting(
        chair,
        title="Casusoverleg",
        starts_at=timezone.now() + timedelta(days=7),
        location="Veiligheidshuis",
    )
    world.item = actions.add_agenda_item(chair, world.meeting, world.case)
    return world
