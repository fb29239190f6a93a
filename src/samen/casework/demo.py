"""Demo data: the fictional municipality of Rivierstad and its partners. No real persons."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from samen.accounts import actions as account_actions
from samen.accounts.models import Organisation, Role, User
from samen.audit.actor import Actor
from samen.casework.actions import cases as case_actions
from samen.casework.actions import districts as district_actions
from samen.casework.actions import experts as expert_actions
from samen.casework.actions import guidance as guidance_actions
from samen.casework.actions import handover as handover_actions
from samen.casework.actions import informing as informing_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import linking as linking_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.actions import plan as plan_actions
from samen.casework.actions import referrals as referral_actions
from samen.casework.actions import transfer as transfer_actions
from samen.casework.actions import travel as travel_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.actions.known_elsewhere import tell_municipalities
from samen.casework.models import (
    Case,
    District,
    GuidanceNode,
    Prevention,
    Referral,
    Signal,
    TravelState,
    Weighing,
)
from samen.core import generations
from samen.core.generations import Topic

DISTRICTS = ["Centrum", "Rivierstad-Noord", "Rivierstad-Oost", "Rivierstad-West", "Haven"]

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
    # An independent bureau of experts: no covenant partner; it sees only what an order shares.
    ("Bureau Duiding & Advies", Organisation.Kind.OTHER, False),
]

# The region: a second municipality in the same installation, a Safety House for both, and the
# police serving both (name, kind, home municipality, municipalities served).
REGION = [
    ("Gemeente Beekdal", Organisation.Kind.MUNICIPALITY, None, []),
    (
        "Zorg- en Veiligheidshuis Rivierland",
        Organisation.Kind.SAFETY_HOUSE,
        "Gemeente Rivierstad",
        ["Gemeente Beekdal"],
    ),
]
SERVES = {"Politie Eenheid Rivierland": ["Gemeente Beekdal"]}
# Regional roles: the municipalities a user works for besides their organisation's own.
REGIONAL = {"regisseur": ["Gemeente Beekdal"]}

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
    (
        "hubeditor",
        "Noa Jacobs",
        "Gemeente Rivierstad",
        ["hub_editor"],
        "hub editor: city profiles, practices, documents and the thesaurus of the knowledge hub",
    ),
    (
        "regisseur",
        "Eva Willems",
        "Zorg- en Veiligheidshuis Rivierland",
        ["advisor", "weighing_team", "chair"],
        "process coordinator of the Safety House: signals and meetings of Rivierstad and Beekdal",
    ),
    (
        "beekdal",
        "Youssef Amrani",
        "Gemeente Beekdal",
        ["advisor", "weighing_team", "chair", "case_manager"],
        "coordinator of Beekdal, the region's second municipality: sees nothing of Rivierstad "
        "but the case Rivierstad proposes to transfer (/transfers/)",
    ),
    (
        "expert",
        "Miriam Hoekstra",
        "Bureau Duiding & Advies",
        ["expert"],
        "independent expert in Rivierstad's register: sees only the assessment ordered from "
        "her (/orders/), until its access date, and delivers her report there",
    ),
    (
        "beekdaladmin",
        "Tom Peeters",
        "Gemeente Beekdal",
        ["administrator"],
        "administrator of Beekdal: its users only",
    ),
]


# The weighing criteria of the demo, in Dutch, English and French (migration 0019 gives these
# texts to criteria seeded before they had three languages).
CRITERIA = [
    (
        "Uitingen die geweld rechtvaardigen of verheerlijken",
        "Statements that justify or glorify violence",
        "Propos qui justifient ou glorifient la violence",
    ),
    (
        "Contact met rekruteerders of extremistische netwerken",
        "Contact with recruiters or extremist networks",
        "Contacts avec des recruteurs ou des réseaux extrémistes",
    ),
    (
        "Plotselinge breuk met familie, school of werk",
        "A sudden break with family, school or work",
        "Rupture soudaine avec la famille, l'école ou le travail",
    ),
    (
        "Reisplannen naar een conflictgebied",
        "Plans to travel to a conflict zone",
        "Projets de départ vers une zone de conflit",
    ),
    (
        "Toegang tot wapens of interesse in aanslagen",
        "Access to weapons or an interest in attacks",
        "Accès à des armes ou intérêt pour des attentats",
    ),
]


def has_data() -> bool:
    return Organisation.objects.exists()


_REQUEST_ID = "demo-data"


def _as(user: User) -> Actor:
    """The demo acts through the same actions as the pages, as the demo's own users."""
    return Actor.for_user(user, _REQUEST_ID)


def _at(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_demo_data() -> None:
    """Rivierstad's casework: organisations, accounts, signals at every stage, cases at every
    phase, meetings, decision trees. The knowledge hub and the programme load their own."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured("demo data is never loaded in production")
    system = Actor.system(_REQUEST_ID)
    orgs: dict[str, Organisation] = {}
    for name, kind, signed in ORGANISATIONS:
        municipality_of = orgs.get("Gemeente Rivierstad")
        orgs[name] = account_actions.save_organisation(
            system,
            None,
            name=name,
            kind=kind,
            municipality=municipality_of,
            covenant_signed=signed,
            covenant_signed_on=date(2024, 3, 1) if signed else None,
        )
    for name, kind, home, served in REGION:
        orgs[name] = account_actions.save_organisation(
            system,
            None,
            name=name,
            kind=kind,
            municipality=orgs[home] if home else None,
            covenant_signed=True,
            covenant_signed_on=date(2025, 1, 15),
            serves=[orgs[m] for m in served],
        )
    for name, served in SERVES.items():
        serving = orgs[name]
        orgs[name] = account_actions.save_organisation(
            system,
            serving,
            name=serving.name,
            kind=serving.kind,
            municipality=serving.municipality,
            covenant_signed=serving.covenant_signed,
            covenant_signed_on=serving.covenant_signed_on,
            serves=[orgs[m] for m in served],
        )
    municipality = orgs["Gemeente Rivierstad"]
    roles = {role.code: role for role in Role.objects.all()}
    users: dict[str, User] = {}
    for username, full_name, org_name, role_codes, _ in ACCOUNTS:
        users[username] = account_actions.install_user(
            system,
            username=username,
            full_name=full_name,
            email=f"{username}@rivierstad.example",
            organisation=orgs[org_name],
            roles=[roles[code] for code in role_codes],
            password=DEMO_PASSWORD,
            municipalities=[orgs[m] for m in REGIONAL.get(username, [])],
        )

    coordinator = _as(users["coordinator"])
    teacher = users["teacher"]
    districts = {
        name: district_actions.save_district(
            coordinator, None, municipality_id=municipality.pk, name=name, position=n
        )
        for n, name in enumerate(DISTRICTS, start=1)
    }

    def public(days_ago: int, observation: str, **kw: Any) -> Signal:
        receipt = intake_actions.report_signal(
            system,
            municipality=municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=observation,
            anonymous=bool(kw.pop("anonymous", False)),
            received_at=_at(days_ago),
            **kw,
        )
        return receipt.signal

    def partner(days_ago: int, observation: str, **kw: Any) -> Signal:
        return intake_actions.report_signal(
            _as(teacher),
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
        district=districts["Rivierstad-Oost"],
    )
    partner(
        3,
        "Leerling uit 4 havo tekent symbolen van een extreemrechtse groep in schriften en "
        "maakt opmerkingen over 'omvolking'. Klasgenoten voelen zich onveilig.",
        subject_name="Thijs Vermeer",
        subject_birth_date="2009-05-14",
        district=districts["Rivierstad-Noord"],
    )
    public(
        5,
        "Een buurman zegt op straat dat de overheid 'zal boeten' en dat hij wapens verzamelt. "
        "Ik weet niet of dat serieus is.",
        reporter_name="M. Willems",
        reporter_contact="06-00000000",
        district=districts["Centrum"],
    )

    criteria = [
        weighing_actions.save_criterion(
            coordinator,
            None,
            municipality_id=municipality.pk,
            text_nl=nl,
            text_en=en,
            text_fr=fr,
            position=n,
            active=True,
        )
        for n, (nl, en, fr) in enumerate(CRITERIA, start=1)
    ]
    # An older signal still waiting (overdue), a phone call registered by the advisor, and a
    # second signal about the same person as an admitted case (shown side by side).
    public(
        14,
        "Op een forum schrijft een jongen uit de buurt dat 'ongelovigen' moeten boeten.",
        anonymous=True,
        district=districts["Rivierstad-Noord"],
    )
    intake_actions.report_signal(
        _as(users["advisor"]),
        municipality=municipality,
        channel=Signal.Channel.PHONE,
        observation="Jongerenwerker belt: Yusuf zoekt steeds vaker de groep rond een "
        "straatprediker op en zegt dat hij 'er klaar voor is'.",
        anonymous=False,
        reporter_name="Jongerenwerker B. Kramer",
        reporter_contact="06-22222222",
        subject_name="Yusuf Demir",
        subject_birth_date="2009-02-20",
        district=districts["Rivierstad-Noord"],
        received_at=_at(1),
    )
    more_info = public(
        8,
        "Een collega laat zich negatief uit over 'het systeem' en zegt dat er 'iets moet "
        "gebeuren'.",
        reporter_name="A. Jansen",
        reporter_contact="a.jansen@example.invalid",
        district=districts["Centrum"],
    )
    weighing_actions.weigh_signal(
        coordinator,
        more_info,
        outcome=Weighing.Outcome.MORE_INFO,
        reasons="Te weinig concreet om te wegen; melder gevraagd om voorbeelden.",
        advice="Wij nemen contact met u op voor meer informatie.",
        team=[users["police"]],
    )

    # Weighed signals at every outcome.
    closed = public(
        40,
        "Vraag van een moeder: haar zoon draagt sinds kort religieuze kleding. Is dat een signaal?",
        reporter_name="J. de Graaf",
        reporter_contact="moeder@example.invalid",
        district=districts["Rivierstad-West"],
    )
    weighing_actions.weigh_signal(
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
        district=districts["Rivierstad-Oost"],
    )
    weighing_actions.weigh_signal(
        coordinator,
        referred,
        outcome=Weighing.Outcome.REFER_CARE,
        reasons="Vooral psychische klachten en schoolverzuim; geen ideologische motivatie. "
        "Doorverwezen naar het wijkteam.",
        advice="De school wordt gevraagd de zorgcoördinator in te schakelen.",
        referred_to=orgs["Wijkteam Rivierstad-Noord"],
        criteria_met=[criteria[2]],
        team=[users["police"]],
        referral_question="Wilt u contact opnemen met Noor en haar ouders en hulp bieden bij "
        "somberheid en schoolverzuim?",
        referral_reason="Leerling verzuimt veel en is somber; de school maakt zich zorgen.",
    )
    # Referred a month ago and still not taken on: overdue on the weighing team's list.
    Referral.objects.filter(signal=referred).update(referred_at=_at(30))
    generations.bump(
        [referred.municipality_id], [Topic.CASES]
    )  # counted in the account; no model signal
    acute = public(
        20,
        "Iemand plaatst online een bedreiging gericht aan een moskee in de wijk.",
        anonymous=True,
        district=districts["Centrum"],
    )
    weighing_actions.weigh_signal(
        _as(users["police"]),
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
                district=districts["Rivierstad-Noord"],
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
                district=districts["Rivierstad-Oost"],
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
                district=districts["Centrum"],
            ),
            [police, mental, team],
        ),
    ]
    cases: list[Case] = []
    for signal, participants in admitted:
        weighing_actions.weigh_signal(
            coordinator,
            signal,
            outcome=Weighing.Outcome.ADMIT,
            reasons="Zorgen over mogelijke radicalisering; meerdere partners nodig voor een "
            "persoonsgerichte aanpak.",
            participants=participants,
            criteria_met=criteria[:2],
            advice="Dank voor uw melding; wij pakken dit op met onze partners.",
            team=[users["police"]],
        )
        cases.append(Case.objects.get(origin=signal))

    # A past meeting with attendance, agenda, decisions and actions; one coming up.
    past = meeting_actions.create_meeting(
        coordinator,
        title="Casusoverleg radicalisering",
        starts_at=_at(21, 14),
        location="Veiligheidshuis Rivierland",
    )
    meeting_actions.record_attendance(
        coordinator,
        past,
        present=[
            users["coordinator"],
            users["police"],
            users["youthcare"],
            users["mentalhealth"],
            users["casemanager"],
        ],
    )
    item = meeting_actions.add_agenda_item(coordinator, past, cases[0])
    meeting_actions.record_decision(
        coordinator,
        item,
        text="Persoonsgerichte aanpak starten; jeugdzorg zoekt contact met de ouders, wijkteam "
        "biedt een mentor aan.",
    )
    talk = meeting_actions.record_action(
        coordinator,
        item,
        description="Gesprek met ouders en leerling",
        owner=youth,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    # Done, three days after its due date: the yearly account counts it as completed late.
    meeting_actions.complete_action(coordinator, talk)
    meeting_actions.record_action(
        coordinator,
        item,
        description="Mentor koppelen via het wijkteam",
        owner=team,
        due_date=timezone.localdate() + timedelta(days=14),
    )
    item = meeting_actions.add_agenda_item(coordinator, past, cases[1])
    meeting_actions.record_decision(
        coordinator, item, text="Externe duiding aanvragen; GGZ beoordeelt de hulpvraag."
    )
    meeting_actions.record_action(
        coordinator,
        item,
        description="Intake bij de GGZ plannen",
        owner=mental,
        due_date=timezone.localdate() + timedelta(days=10),
    )
    upcoming = meeting_actions.create_meeting(
        coordinator,
        title="Casusoverleg radicalisering",
        starts_at=_at(-21, 14),
        location="Veiligheidshuis Rivierland",
    )
    for case in cases:
        meeting_actions.add_agenda_item(coordinator, upcoming, case)
    _demo_lifecycle(users, orgs, cases)
    _demo_guidance(coordinator, municipality)
    _demo_region(users, orgs)
    _demo_four_eyes(users, orgs, roles)
    _demo_second_round(users, orgs, cases)


def _demo_region(users: dict[str, User], orgs: dict[str, Organisation]) -> None:
    """Beekdal's own signals: one admitted with the police, which serves both municipalities."""
    beekdal = orgs["Gemeente Beekdal"]
    coordinator = _as(users["beekdal"])
    districts = {
        name: district_actions.save_district(
            coordinator, None, municipality_id=beekdal.pk, name=name, position=n
        )
        for n, name in enumerate(("Beekdal-Dorp", "Beekdal-Oost"), start=1)
    }
    intake_actions.report_signal(
        coordinator,
        municipality=beekdal,
        channel=Signal.Channel.PHONE,
        observation="Een buurtbewoner maakt zich zorgen over uitingen van een jongeman in de "
        "sportkantine.",
        anonymous=True,
        subject_name="Joost Verhoeven",
        district=districts["Beekdal-Dorp"],
        received_at=_at(3),
    )
    admitted = intake_actions.report_signal(
        coordinator,
        municipality=beekdal,
        channel=Signal.Channel.PHONE,
        observation="De wijkagent ziet dat een inwoner contact zoekt met een extremistische "
        "groep in de regio.",
        anonymous=True,
        subject_name="Karim Bouzid",
        district=districts["Beekdal-Oost"],
        received_at=_at(12),
    ).signal
    weighing_actions.weigh_signal(
        coordinator,
        admitted,
        outcome=Weighing.Outcome.ADMIT,
        reasons="Signalen van politie en buurt; casusoverleg in het Veiligheidshuis.",
        participants=[orgs["Politie Eenheid Rivierland"]],
    )


def _demo_four_eyes(
    users: dict[str, User], orgs: dict[str, Organisation], roles: dict[str, Role]
) -> None:
    """What waits for a second person: a new colleague's case-table role, and a machine client
    of the police (the coordinator approves them on "Waiting for approval")."""
    admin = _as(users["admin"])
    saved = account_actions.save_user(
        admin,
        None,
        username="nieuwecollega",
        full_name="Sem de Wit",
        email="nieuwecollega@rivierstad.example",
        organisation=orgs["Gemeente Rivierstad"],
        roles=[roles["case_table_member"], roles["analyst"]],
        is_active=True,
    )
    assert saved.pending is not None
    account_actions.register_client(
        admin,
        name="politie-meldingen",
        organisation=orgs["Politie Eenheid Rivierland"],
        scopes=[roles["client_submit_signals"], roles["client_read_cases"]],
        expires_on=timezone.localdate() + timedelta(days=180),
        reason="Koppeling met het meldsysteem van de politie",
    )


def _demo_guidance(coordinator: Actor, municipality: Organisation) -> None:
    """Published decision trees for residents and for professionals, in Dutch, English and
    French (the same texts as migration 0019 gives trees made before they had three)."""
    yes, no = ("Ja", "Yes", "Oui"), ("Nee", "No", "Non")
    for audience, title, extra in [
        (
            "residents",
            (
                "Ik maak me zorgen over iemand in mijn omgeving",
                "I am worried about someone close to me",
                "Je m'inquiète pour quelqu'un de mon entourage",
            ),
            None,
        ),
        (
            "professionals",
            (
                "Signalen bij cliënten of leerlingen",
                "Signs in clients or pupils",
                "Signaux chez des clients ou des élèves",
            ),
            (
                "Hoort dit bij uw taak als professional?",
                "Is this part of your work as a professional?",
                "Cela relève-t-il de votre travail de professionnel\u00a0?",
            ),
        ),
    ]:
        title_nl, title_en, title_fr = title
        tree = guidance_actions.save_tree(
            coordinator,
            None,
            municipality_id=municipality.pk,
            audience=audience,
            title_nl=title_nl,
            title_en=title_en,
            title_fr=title_fr,
        )

        def node(
            kind: str, text: tuple[str, str, str], tree: Any = tree, **flags: bool
        ) -> GuidanceNode:
            nl, en, fr = text
            return guidance_actions.add_step(
                coordinator, tree, kind=kind, text_nl=nl, text_en=en, text_fr=fr, **flags
            )

        acute = node(
            "question",
            (
                "Is er acuut gevaar voor iemand?",
                "Is anyone in acute danger?",
                "Quelqu'un est-il en danger immédiat\u00a0?",
            ),
        )
        emergency = node(
            "advice",
            (
                "Bel direct 112. Meld daarna ook bij het meldpunt wat er gebeurde.",
                "Call 112 straight away. Afterwards, also tell the reporting point what happened.",
                "Appelez immédiatement le 112. Signalez ensuite au point de signalement ce qui "
                "s'est passé.",
            ),
            emergency=True,
        )
        recruit = node(
            "question",
            (
                "Gaat het om werving voor een groep of om reisplannen?",
                "Is it about recruitment for a group or about plans to travel?",
                "S'agit-il de recrutement pour un groupe ou de projets de départ\u00a0?",
            ),
        )
        report = node(
            "advice",
            (
                "Meld dit bij het Meld- en Adviespunt. Een adviseur neemt binnen twee werkdagen "
                "contact op als u uw gegevens achterlaat.",
                "Report this to the Reporting and Advice Point. If you leave your details, an "
                "advisor will contact you within two working days.",
                "Signalez-le au point de signalement et de conseil. Si vous laissez vos "
                "coordonnées, un conseiller vous contactera dans les deux jours ouvrables.",
            ),
        )
        child = node(
            "question",
            (
                "Gaat het om een kind of jongere onder de 18?",
                "Is it about a child or a young person under 18?",
                "S'agit-il d'un enfant ou d'un jeune de moins de 18\u00a0ans\u00a0?",
            ),
        )
        advice_child = node(
            "advice",
            (
                "Bespreek uw zorg ook met de school of het wijkteam. Twijfelt u? Meld het ons; "
                "wij denken mee.",
                "Also discuss your concern with the school or the neighbourhood team. In doubt? "
                "Report it to us; we will think it through with you.",
                "Parlez aussi de votre inquiétude à l'école ou à l'équipe de quartier. Vous "
                "hésitez\u00a0? Signalez-le-nous\u00a0; nous y réfléchirons avec vous.",
            ),
        )
        general = node(
            "advice",
            (
                "Praat erover met de persoon en met mensen om hem of haar heen. Blijft u zich "
                "zorgen maken, meld het dan.",
                "Talk about it with the person and with the people around them. If you stay "
                "worried, report it.",
                "Parlez-en avec la personne et avec son entourage. Si votre inquiétude "
                "persiste, faites un signalement.",
            ),
        )
        links = [
            (acute, yes, emergency),
            (acute, no, recruit),
            (recruit, yes, report),
            (recruit, no, child),
            (child, yes, advice_child),
            (child, no, general),
        ]
        start = acute
        if extra:
            start = node("question", extra)
            links += [
                (start, yes, acute),
                (start, ("Nee, privé", "No, in my private life", "Non, à titre privé"), acute),
            ]
        for question, (nl, en, fr), leads_to in links:
            guidance_actions.add_answer(
                coordinator,
                tree,
                question=question,
                label_nl=nl,
                label_en=en,
                label_fr=fr,
                leads_to=leads_to,
            )
        guidance_actions.save_tree(
            coordinator,
            tree,
            municipality_id=municipality.pk,
            audience=audience,
            title_nl=title_nl,
            title_en=title_en,
            title_fr=title_fr,
            start=start,
            active=True,
        )


def _demo_lifecycle(
    users: dict[str, User], orgs: dict[str, Organisation], cases: list[Case]
) -> None:
    """Cases at every phase: a plan approved by a second person, a closed case with reviews,
    contributions (one restricted by professional secrecy), judgements of concern."""
    coordinator = _as(users["coordinator"])
    manager = _as(users["casemanager"])
    police = _as(users["police"])
    youth, team = orgs["Jeugdzorg Rivierstad"], orgs["Wijkteam Rivierstad-Noord"]
    first, second, _third = cases
    for case in cases:
        case_actions.set_case_manager(
            coordinator,
            case,
            manager=users["casemanager"] if case != second else users["coordinator"],
        )

    # The first case: assessment, a plan approved by a second person, now monitored.
    case_actions.move_case(
        manager, first, to_phase="assessment", reason="Informatie van partners verzamelen."
    )
    case_actions.set_concern(
        police,
        first,
        ideology="jihadist",
        level="moderate",
        reasons="Online contact met een rekruteerder; geen aanwijzingen voor reisplannen.",
    )
    case_actions.set_concern(
        manager,
        first,
        ideology="jihadist",
        level="low",
        reasons="Wijkteam ziet vooral een eenzame jongen die houvast zoekt; zorgen lager.",
    )
    case_actions.add_note(
        police,
        first,
        text="Politie heeft de online contacten in beeld; details alleen voor jeugdzorg en "
        "wijkteam.",
        restricted_to=[youth, team],
    )
    case_actions.add_note(
        _as(users["youthcare"]),
        first,
        text="Gesprek met ouders gevoerd: zij maken zich zorgen en willen meewerken.",
    )
    case_actions.move_case(
        manager, first, to_phase="plan", reason="Duiding afgerond in het casusoverleg."
    )
    plan_actions.add_goal(
        manager, first, text="Yusuf maakt zijn opleiding af en heeft een vaste mentor."
    )
    plan_actions.add_goal(
        manager, first, text="Het contact met de online rekruteerder is verbroken."
    )
    today = timezone.localdate()
    for domain, description, org, voluntary in [
        ("mentoring", "Mentor via het wijkteam, wekelijks", team, True),
        ("education", "Begeleiding terug naar school", youth, True),
        ("counselling", "Gesprekken met een theoloog", team, True),
    ]:
        plan_actions.save_intervention(
            manager,
            first,
            None,
            domain=domain,
            description=description,
            responsible=org,
            starts_on=today - timedelta(days=10),
            planned_end=today + timedelta(days=170),
            status="running",
            voluntary=voluntary,
            consent_given=True,
            consent_by="parent",
            consent_on=today - timedelta(days=12),
            consent_scope="Deelname aan begeleiding en delen van voortgang met partners",
        )
    plan_actions.approve_plan(coordinator, first, note="Plan besproken en akkoord.")
    case_actions.move_case(
        manager, first, to_phase="monitoring", reason="Plan goedgekeurd en gestart."
    )

    # The second case is being assessed.
    case_actions.move_case(
        coordinator, second, to_phase="assessment", reason="Externe duiding aangevraagd."
    )
    case_actions.set_concern(
        coordinator,
        second,
        ideology="unclear",
        level="moderate",
        reasons="Terugkeer uit het buitenland; motieven nog onduidelijk.",
    )

    # A fourth case, closed with the approval of a second person, reviews scheduled.
    old = intake_actions.report_signal(
        Actor.system(_REQUEST_ID),
        municipality=first.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Een buurman (52) plakt stickers van een extreemrechtse groep.",
        anonymous=True,
        subject_name="Gerrit Haan",
        subject_birth_date="1974-06-11",
        district=District.objects.get(municipality=first.municipality, name="Rivierstad-West"),
        received_at=_at(200),
    ).signal
    weighing_actions.weigh_signal(
        coordinator,
        old,
        outcome=Weighing.Outcome.ADMIT,
        reasons="Zorgen over extreemrechtse sympathieën.",
        participants=[orgs["Politie Eenheid Rivierland"], team],
    )
    closed = Case.objects.get(origin=old)
    case_actions.set_case_manager(coordinator, closed, manager=users["casemanager"])
    case_actions.move_case(manager, closed, to_phase="assessment", reason="Gesprekken gestart.")
    case_actions.request_closure(
        manager,
        closed,
        closing_reason="no_concern",
        explanation="Na gesprekken en begeleiding geen zorgen meer; afstand genomen van de groep.",
    )
    case_actions.decide_closure(coordinator, closed, approve=True, note="Eens, nazorg via reviews.")
    # The warm hand-over: who takes over what now that the case is closed.
    handover_actions.record_hand_over(
        manager,
        closed,
        organisation=team,
        what="Nazorg: maandelijks een gesprek, en een vinger aan de pols in de straat.",
        contact="Lotte Visser, wijkteam (casemanager@rivierstad.example)",
        on=timezone.localdate(),
    )


def describe_accounts() -> str:
    width = max(len(a[0]) for a in ACCOUNTS)
    lines = ["", "Demo accounts (password for all: " + DEMO_PASSWORD + "):"]
    for username, full_name, org_name, _, what in ACCOUNTS:
        lines.append(f"  {username.ljust(width)}  {full_name}, {org_name}: {what}")
    lines.append("  Public reporting form (no login): /report/")
    lines.append("")
    return "\n".join(lines)


def _demo_referral(users: dict[str, User], orgs: dict[str, Organisation]) -> None:
    """Referrals that close the loop: a teacher's signal referred to mental-health care, which
    accepted it; the coordinator told the teacher. (Noor Hamdi's referral to the neighbourhood
    team is still open, and overdue.)"""
    coordinator = _as(users["coordinator"])
    teacher = users["teacher"]
    signal = intake_actions.report_signal(
        _as(teacher),
        municipality=orgs["Gemeente Rivierstad"],
        channel=Signal.Channel.PARTNER_FORM,
        observation="Oud-leerling belt de school steeds vaker, klinkt verward en zegt dat "
        "'iedereen tegen hem is'.",
        anonymous=False,
        reporter_name=teacher.full_name,
        reporter_contact=teacher.email,
        reporter=teacher,
        subject_name="Bram de Wit",
        subject_birth_date="2004-02-18",
        received_at=_at(21),
    ).signal
    weighing = weighing_actions.weigh_signal(
        coordinator,
        signal,
        outcome=Weighing.Outcome.REFER_CARE,
        reasons="Verwardheid en achterdocht; geen ideologie. Past bij de GGZ.",
        referred_to=orgs["GGZ Rivierland"],
        team=[users["police"]],
        referral_question="Wilt u beoordelen of Bram zorg nodig heeft en contact met hem opnemen?",
        referral_reason="Verward en achterdochtig volgens zijn oud-docent; geen zorgverlener "
        "in beeld.",
    )
    referral_actions.decide_referral(
        _as(users["mentalhealth"]),
        weighing.referral,
        accept=True,
        reason="Aangenomen; het FACT-team neemt deze week contact op.",
    )
    referral_actions.send_feedback(
        coordinator,
        signal,
        advice="Dank voor uw melding. Een zorgorganisatie heeft contact opgenomen. Blijf "
        "gewoon in gesprek als hij de school belt.",
    )


def _demo_second_round(
    users: dict[str, User], orgs: dict[str, Organisation], cases: list[Case]
) -> None:
    """Casework, second round (issue 11): a later signal about Emre Yilmaz added to his open
    case (Yusuf Demir's new signal still waits, offering the same); travel statuses."""
    coordinator = _as(users["coordinator"])
    casemanager = _as(users["casemanager"])
    today = timezone.localdate()
    travel_actions.record_travel_status(
        casemanager,
        cases[1],
        state=TravelState.LEFT,
        on=today - timedelta(days=900),
        source="Politie (melding familie)",
    )
    travel_actions.record_travel_status(
        casemanager,
        cases[1],
        state=TravelState.RETURNED,
        on=today - timedelta(days=70),
        source="Politie en OM",
        note="Teruggekeerd; strafrechtelijk onderzoek loopt.",
    )
    travel_actions.record_travel_status(
        casemanager,
        cases[0],
        state=TravelState.INTENTION,
        on=today - timedelta(days=45),
        source="School (mentor)",
    )
    travel_actions.record_travel_status(
        casemanager,
        cases[0],
        state=TravelState.PREVENTED,
        prevention=Prevention.PASSPORT,
        on=today - timedelta(days=20),
        source="Gemeente (burgerzaken) op verzoek van de ouders",
    )
    linking_actions.link_cases(casemanager, cases[0], cases[1], kind="group")
    # Known elsewhere: Beekdal receives a signal about Emre Yilmaz; both municipalities see
    # that the other knows him, and whom to contact, nothing more. Beekdal's look at its signal
    # told Rivierstad: a notice on Rivierstad's coordinator's start page.
    beekdal_signal = intake_actions.report_signal(
        Actor.system(_REQUEST_ID),
        municipality=orgs["Gemeente Beekdal"],
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Een jongeman uit Rivierstad logeert bij familie en ronselt in de buurt.",
        anonymous=True,
        subject_name="Emre Yilmaz",
        subject_birth_date="2001-07-09",
        received_at=_at(3),
    ).signal
    tell_municipalities(_as(users["beekdal"]), beekdal_signal, [orgs["Gemeente Rivierstad"]])
    worry = intake_actions.report_signal(
        _as(users["advisor"]),
        municipality=orgs["Gemeente Rivierstad"],
        channel=Signal.Channel.PHONE,
        observation="Buurman belt: jongen in de straat zou 'foute' video's kijken.",
        anonymous=True,
        received_at=_at(12),
    ).signal
    weighing_actions.weigh_signal(
        coordinator,
        worry,
        outcome=Weighing.Outcome.NO_CONCERN,
        reasons="Geen aanwijzingen voor radicalisering; over drie maanden opnieuw bekijken.",
        review_on=today + timedelta(days=90),
    )
    informing_actions.record_informing(
        casemanager,
        cases[1],
        decision="informed",
        on=today - timedelta(days=40),
        how="In een gesprek met de casemanager, met een brief over zijn rechten.",
    )
    informing_actions.record_informing(
        casemanager,
        cases[2],
        decision="postponed",
        on=today - timedelta(days=25),
        reason="Informeren zou het lopende politieonderzoek schaden.",
        until=today - timedelta(days=1),
    )
    later = intake_actions.report_signal(
        _as(users["police"]),
        municipality=orgs["Gemeente Rivierstad"],
        channel=Signal.Channel.PARTNER_FORM,
        observation="Wijkagent: Emre is gezien bij een bijeenkomst van een groep die "
        "ronselt voor vertrek naar het buitenland.",
        anonymous=False,
        reporter_name=users["police"].full_name,
        reporter_contact=users["police"].email,
        reporter=users["police"],
        subject_name="Emre Yilmaz",
        subject_birth_date="2001-07-09",
        received_at=_at(6),
    ).signal
    _demo_referral(users, orgs)
    weighing_actions.weigh_signal(
        coordinator,
        later,
        outcome=Weighing.Outcome.JOIN_CASE,
        reasons="Zelfde persoon als in de lopende casus; één persoon, één plan.",
        open_case=cases[1],
        team=[users["police"]],
    )
    _demo_experts(users, orgs, cases)
    # Transfer: Anja Koster moved to Beekdal; Rivierstad's coordinator proposed to transfer her
    # case, and Beekdal's coordinator ("beekdal") sees the proposal waiting on "Transfers".
    transfer_actions.propose_transfer(
        coordinator,
        cases[2],
        to_municipality=orgs["Gemeente Beekdal"],
        reason="Mevrouw Koster is per 1 december verhuisd naar Beekdal; de regie hoort daar.",
    )


def _demo_experts(users: dict[str, User], orgs: dict[str, Organisation], cases: list[Case]) -> None:
    """Experts and providers (issue 11, point 4): Rivierstad's register holds an independent
    expert; the case manager ordered a "duidingsassessment" for Yusuf Demir's case, open, which
    the expert ("expert") sees until its access date, and nothing else of the case."""
    coordinator = _as(users["coordinator"])
    expert = expert_actions.save_expert(
        coordinator,
        None,
        municipality_id=orgs["Gemeente Rivierstad"].pk,
        user=users["expert"],
        kind="expert",
        organisation_name="Bureau Duiding & Advies",
        specialism="Duidingsassessments: jihadistisch en rechts-extremistisch",
        availability="available",
        on_call="Dag en nacht bereikbaar via de piketlijn",
    )
    expert_actions.order_from_expert(
        _as(users["casemanager"]),
        cases[0],
        expert=expert,
        kind="assessment",
        question="Is er sprake van radicalisering, en welke beschermende factoren zijn er? "
        "Advies over de aanpak in het plan.",
        summary="Jongeman van 17, woont bij zijn ouders. Zorgen van school over uitspraken en "
        "reisplannen; het paspoort is ingehouden. Hij is bereid tot een gesprek.",
        due_on=timezone.localdate() + timedelta(days=12),
    )
