"""Demo data: the fictional municipality of Rivierstad and its partners. No real persons."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from samen.accounts.models import Organisation, Role, User
from samen.casework import actions
from samen.casework.models import Case, Signal, Weighing

DEMO_PASSWORD = "samen-demo-2026"  # noqa: S105 - fictional demo accounts only, refused in production

ORGANISATIONS = [
    # name, kind, covenant signed
    ("Gemeente Rivierstad", Organisation.Kind.MUNICIPALITY, True),
    ("Politie Eenheid Rivierland", Organisation.Kind.POLICE, True),
    ("Openbaar Ministerie Rivierland", Organisation.Kind.PROSECUTOR, True),
    ("Raad voor de Kinderbescherming", Organisation.Kind.CHILD_PROTECTION, True),
    ("Reclassering Rivierland", Organisation.Kind.PROBATION, True),
    ("Jeugdzorg Rivierstad", Organisation.Kind.YOUTH_CARE, True),
    ("GGZ Rivierland", Organisation.Kind.MENTAL_HEALTH, True),
    ("Wijkteam Rivierstad-Noord", Organisation.Kind.NEIGHBOURHOOD_TEAM, True),
    ("Het Rivierlyceum", Organisation.Kind.SCHOOL, False),
    ("Stichting Samen in de Wijk", Organisation.Kind.COMMUNITY, False),
]

# user name, full name, organisation, roles, what the account shows in the demo
ACCOUNTS = [
    (
        "coordinator",
        "Sanne de Vries",
        "Gemeente Rivierstad",
        ["advisor", "weighing_team", "chair", "case_manager"],
        "radicalisation coordinator: weighs signals, admits cases, chairs the case table",
    ),
    (
        "advisor",
        "Ahmed Bakker",
        "Gemeente Rivierstad",
        ["advisor"],
        "advisor at the reporting point: reads signals",
    ),
    (
        "police",
        "Joris Jansen",
        "Politie Eenheid Rivierland",
        ["weighing_team", "case_table_member"],
        "police: weighing team and case table",
    ),
    (
        "youthcare",
        "Fatima El Amrani",
        "Jeugdzorg Rivierstad",
        ["case_table_member"],
        "youth care: at the table for its own cases",
    ),
    (
        "mentalhealth",
        "Pieter Mulder",
        "GGZ Rivierland",
        ["case_table_member"],
        "mental-health care: takes part in other cases only",
    ),
    (
        "casemanager",
        "Lotte Visser",
        "Wijkteam Rivierstad-Noord",
        ["case_manager"],
        "case manager of the neighbourhood team",
    ),
    (
        "teacher",
        "Karin Smit",
        "Het Rivierlyceum",
        ["reporter"],
        "teacher: reports signals, sees no cases",
    ),
    (
        "analyst",
        "Daan Hendriks",
        "Gemeente Rivierstad",
        ["analyst"],
        "policy analyst: anonymised statistics only",
    ),
    (
        "admin",
        "Ilse Kok",
        "Gemeente Rivierstad",
        ["administrator"],
        "administrator: manages users, cannot open cases",
    ),
    (
        "dpo",
        "Mark de Boer",
        "Gemeente Rivierstad",
        ["dpo"],
        "data protection officer: reads the audit log",
    ),
]


def has_data() -> bool:
    return Organisation.objects.exists()


def _request_as(user: User) -> HttpRequest:
    request = HttpRequest()
    request.user = user
    request.request_id = "demo-data"  # type: ignore[attr-defined]
    return request


def _at(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_demo_data() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("demo data is never loaded in production")
    orgs: dict[str, Organisation] = {}
    for name, kind, signed in ORGANISATIONS:
        orgs[name] = Organisation.objects.create(
            name=name,
            kind=kind,
            covenant_signed=signed,
            covenant_signed_on=date(2024, 3, 1) if signed else None,
        )
    municipality = orgs["Gemeente Rivierstad"]
    Organisation.objects.exclude(pk=municipality.pk).update(municipality=municipality)
    for org in orgs.values():
        org.refresh_from_db()
    roles = {role.code: role for role in Role.objects.all()}
    users: dict[str, User] = {}
    for username, full_name, org_name, role_codes, _ in ACCOUNTS:
        user = User.objects.create_user(
            username,
            DEMO_PASSWORD,
            full_name=full_name,
            email=f"{username}@rivierstad.example",
            organisation=orgs[org_name],
        )
        user.roles.set([roles[code] for code in role_codes])
        users[username] = User.objects.get(pk=user.pk)

    coordinator = _request_as(users["coordinator"])
    teacher = users["teacher"]

    def public(days_ago: int, observation: str, **kw: str | bool) -> Signal:
        receipt = actions.report_signal(
            None,
            municipality=municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=observation,
            anonymous=bool(kw.pop("anonymous", False)),
            received_at=_at(days_ago),
            **kw,  # type: ignore[arg-type]
        )
        return receipt.signal

    def partner(days_ago: int, observation: str, **kw: str) -> Signal:
        request = _request_as(teacher)
        return actions.report_signal(
            request,
            municipality=municipality,
            channel=Signal.Channel.PARTNER_FORM,
            observation=observation,
            anonymous=False,
            reporter_name=teacher.full_name,
            reporter_contact=teacher.email,
            reporter=teacher,
            received_at=_at(days_ago),
            **kw,
        ).signal

    # Signals awaiting weighing.
    public(
        2,
        "Mijn neef (17) deelt sinds kort filmpjes van een haatprediker en zegt dat hij "
        "'binnenkort vertrekt'. Hij is zijn baan kwijt en praat niet meer met de familie.",
        anonymous=True,
        district="Rivierstad-Oost",
    )
    partner(
        3,
        "Leerling uit 4 havo tekent symbolen van een extreemrechtse groep in schriften en "
        "maakt opmerkingen over 'omvolking'. Klasgenoten voelen zich onveilig.",
        subject_name="Thijs Vermeer",
        subject_birth_date="2009-05-14",
        district="Rivierstad-Noord",
    )
    public(
        5,
        "Een buurman zegt op straat dat de overheid 'zal boeten' en dat hij wapens verzamelt. "
        "Ik weet niet of dat serieus is.",
        reporter_name="M. Willems",
        reporter_contact="06-00000000",
        district="Centrum",
    )

    # Weighed signals at every outcome.
    closed = public(
        40,
        "Vraag van een moeder: haar zoon draagt sinds kort religieuze kleding. Is dat een signaal?",
        reporter_name="J. de Graaf",
        reporter_contact="moeder@example.invalid",
        district="Rivierstad-West",
    )
    actions.weigh_signal(
        coordinator,
        closed,
        outcome=Weighing.Outcome.NO_CONCERN,
        reasons="Religieuze beleving is geen radicalisering. Advies gegeven aan moeder; "
        "contact opgenomen, geen verdere signalen.",
    )
    referred = partner(
        35,
        "Leerling verzuimt veel, is somber en zoekt online naar complotfilmpjes.",
        subject_name="Noor Hamdi",
        subject_birth_date="2008-11-02",
        district="Rivierstad-Oost",
    )
    actions.weigh_signal(
        coordinator,
        referred,
        outcome=Weighing.Outcome.REFER_CARE,
        reasons="Vooral psychische klachten en schoolverzuim; geen ideologische motivatie. "
        "Doorverwezen naar het wijkteam.",
    )
    acute = public(
        20,
        "Iemand plaatst online een bedreiging gericht aan een moskee in de wijk.",
        anonymous=True,
        district="Centrum",
    )
    actions.weigh_signal(
        _request_as(users["police"]),
        acute,
        outcome=Weighing.Outcome.ACUTE,
        reasons="Concrete dreiging: direct overgedragen aan de politie.",
    )

    police = orgs["Politie Eenheid Rivierland"]
    youth = orgs["Jeugdzorg Rivierstad"]
    mental = orgs["GGZ Rivierland"]
    team = orgs["Wijkteam Rivierstad-Noord"]
    admitted = [
        (
            partner(
                60,
                "Leerling (16) heeft zich afgezonderd, spreekt over de 'ware strijd' en heeft "
                "contact met een online rekruteerder.",
                subject_name="Yusuf Demir",
                subject_birth_date="2009-02-20",
                district="Rivierstad-Noord",
            ),
            [police, youth, team],
        ),
        (
            public(
                55,
                "Mijn broer (24) is terug uit het buitenland en zegt dat hij 'klaar is met dit "
                "land'. Hij heeft geen werk en geen woning.",
                reporter_name="S. Yilmaz",
                reporter_contact="06-11111111",
                subject_name="Emre Yilmaz",
                subject_birth_date="2001-07-09",
                district="Rivierstad-Oost",
            ),
            [police, mental],
        ),
        (
            public(
                30,
                "Buurvrouw (45) verspreidt pamfletten tegen 'het systeem' en roept op tot "
                "geweld tegen ambtenaren.",
                reporter_name="H. Bos",
                reporter_contact="h.bos@example.invalid",
                subject_name="Anja Koster",
                subject_birth_date="1980-01-30",
                district="Centrum",
            ),
            [police, mental, team],
        ),
    ]
    cases: list[Case] = []
    for signal, participants in admitted:
        actions.weigh_signal(
            coordinator,
            signal,
            outcome=Weighing.Outcome.ADMIT,
            reasons="Zorgen over mogelijke radicalisering; meerdere partners nodig voor een "
            "persoonsgerichte aanpak.",
            participants=participants,
        )
        cases.append(Case.objects.get(origin=signal))

    # A past meeting with attendance, agenda, decisions and actions; one coming up.
    past = actions.create_meeting(
        coordinator,
        title="Casusoverleg radicalisering",
        starts_at=_at(21, 14),
        location="Veiligheidshuis Rivierland",
    )
    actions.record_attendance(
        coordinator,
        past,
        [
            users["coordinator"],
            users["police"],
            users["youthcare"],
            users["mentalhealth"],
            users["casemanager"],
        ],
    )
    item = actions.add_agenda_item(coordinator, past, cases[0])
    actions.record_decision(
        coordinator,
        item,
        "Persoonsgerichte aanpak starten; jeugdzorg zoekt contact met de ouders, wijkteam "
        "biedt een mentor aan.",
    )
    actions.record_action(
        coordinator,
        item,
        description="Gesprek met ouders en leerling",
        owner=youth,
        due_date=timezone.localdate() + timedelta(days=7),
    )
    actions.record_action(
        coordinator,
        item,
        description="Mentor koppelen via het wijkteam",
        owner=team,
        due_date=timezone.localdate() + timedelta(days=14),
    )
    item = actions.add_agenda_item(coordinator, past, cases[1])
    actions.record_decision(
        coordinator, item, "Externe duiding aanvragen; GGZ beoordeelt de hulpvraag."
    )
    actions.record_action(
        coordinator,
        item,
        description="Intake bij de GGZ plannen",
        owner=mental,
        due_date=timezone.localdate() + timedelta(days=10),
    )
    upcoming = actions.create_meeting(
        coordinator,
        title="Casusoverleg radicalisering",
        starts_at=_at(-21, 14),
        location="Veiligheidshuis Rivierland",
    )
    for case in cases:
        actions.add_agenda_item(coordinator, upcoming, case)


def describe_accounts() -> str:
    width = max(len(a[0]) for a in ACCOUNTS)
    lines = ["", "Demo accounts (password for all: " + DEMO_PASSWORD + "):"]
    for username, full_name, org_name, _, what in ACCOUNTS:
        lines.append(f"  {username.ljust(width)}  {full_name}, {org_name}: {what}")
    lines.append("  Public reporting form (no login): /report/")
    lines.append("")
    return "\n".join(lines)
