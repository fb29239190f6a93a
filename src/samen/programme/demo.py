"""Demo data of the prevention programme: Rivierstad over three years. No real persons.

The action plan is started from the plan the knowledge hub's demo imported (as a coordinator
would: every recognised item reviewed and confirmed), then kept up through the same actions as
the pages: goals, progress by the leads, criteria, risks, a budget with subsidies and spending
for three years, the network, trainings with participants, a theme day, a school programme and
communication. Youth care's Fatima El Amrani and the teacher Karin Smit lead actions ("trekker").
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from samen.accounts import actions as account_actions
from samen.accounts.models import Organisation, Role, User
from samen.audit.actor import Actor
from samen.hub.models import Document
from samen.programme.actions import budget as budget_actions
from samen.programme.actions import communication as communication_actions
from samen.programme.actions import importing as import_actions
from samen.programme.actions import network as network_actions
from samen.programme.actions import plan as plan_actions
from samen.programme.actions import trainings as training_actions
from samen.programme.models import ActionStatus, BudgetLine, Plan, PlanAction, Sector, Theme
from samen.programme.recognition import recognise

_REQUEST_ID = "demo-data"
# The demo accounts who lead actions of the plan, besides their casework role.
LEADS = ("youthcare", "teacher")


def _as(user: User) -> Actor:
    return Actor.for_user(user, _REQUEST_ID)


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, day)


def _make_leads(users: dict[str, User]) -> None:
    lead_role = Role.objects.get(code="programme_lead")
    for username in LEADS:
        user = users[username]
        # The lead role reaches no personal data: the administrator gives it alone.
        account_actions.save_user(
            _as(users["admin"]),
            user,
            username=user.username,
            full_name=user.full_name,
            email=user.email,
            organisation=user.organisation,
            roles=[*user.roles.all(), lead_role],
            is_active=user.is_active,
        )
        users[username] = User.objects.get(pk=user.pk)


def _plan_from_hub(coordinator: Actor, municipality: Organisation, first_year: int) -> Plan:
    """The coordinator reviews the hub's action plan and confirms every item."""
    document = Document.objects.get(source_name="actieplan-rivierstad.txt")
    draft = recognise(document, municipality.pk)
    themes = [
        {
            "key": theme.key,
            "title": theme.title,
            "answers": {q: theme.answers.get(q, "") for q in Theme.QUESTIONS},
            "actions": [
                {
                    "title": action.title,
                    "description": action.description,
                    "mode": action.mode,
                    "lead_organisation": action.lead_organisation,
                    "lead_user": action.lead_user,
                    "working_group": action.working_group,
                    "other_partners": action.other_partners,
                    "source_action": action.source,
                }
                for action in theme.actions
            ],
        }
        for theme in draft.themes
    ]
    return import_actions.create_plan_from_draft(
        coordinator,
        document,
        title="Rivierstad samen sterk",
        first_year=first_year,
        last_year=first_year + 2,
        themes=themes,
        criteria=draft.criteria,
        risks=draft.risks,
        budget=[],
    )


@transaction.atomic
def load_programme_demo_data() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("demo data is never loaded in production")
    users = {u.username: u for u in User.objects.select_related("organisation")}
    orgs = {o.name: o for o in Organisation.objects.all()}
    municipality = orgs["Gemeente Rivierstad"]
    _make_leads(users)
    coordinator = _as(users["coordinator"])
    today = timezone.localdate()
    year = today.year
    first = year - 2

    # --- the action plan, from the hub, then filled in -------------------------------------
    plan = _plan_from_hub(coordinator, municipality, first)
    plan = plan_actions.save_plan(
        coordinator,
        plan,
        status=Plan.Status.ADOPTED,
        summary="Preventie voor iedereen, een getraind netwerk dat vroeg signaleert en een "
        "persoonsgerichte aanpak: het actieplan van Rivierstad voor drie jaar.",
    )
    themes = {theme.title: theme for theme in plan.themes.all()}
    parents = themes["Opvoeding en ouders"]
    school = themes["Onderwijs"]
    online = themes["Online propaganda en sociale media"]
    returnees = themes["Terugkeerders en hun families"]
    plan_actions.save_theme(
        coordinator,
        plan,
        parents,
        ambition="Over twee jaar weten ouders in Noord en Oost waar zij terechtkunnen met zorgen "
        "over hun kind, en praten zij daarover met elkaar.",
        existing_work="Opvoedspreekuur van het wijkteam; een moedergroep van Stichting Samen in "
        "de Wijk.",
        municipality_role="De gemeente financiert de ervaringsdeskundigen en zorgt voor ruimte "
        "in de wijkcentra.",
    )
    plan_actions.save_theme(
        coordinator,
        plan,
        school,
        ambition="Elke middelbare school heeft een getrainde taakaccenthouder en een lessenserie "
        "over polarisatie.",
    )
    goals = {
        parents: plan_actions.add_goal(
            coordinator,
            parents,
            text="Tweehonderd ouders bereikt met moedercirkels en vaderavonden",
            target_date=_day(year, 12, 31),
        ),
        school: plan_actions.add_goal(
            coordinator,
            school,
            text="Alle middelbare scholen hebben een getrainde taakaccenthouder",
            target_date=_day(year, 7, 1),
        ),
    }
    actions = {a.title: a for a in PlanAction.objects.filter(theme__plan=plan)}
    schedule = [
        # title, goal, planned start, planned end
        ("Moedercirkels", parents, _day(first, 3, 1), _day(year, 12, 31)),
        ("Vaders in gesprek", parents, _day(first + 1, 9, 1), today + timedelta(days=20)),
        ("Lessen democratisch burgerschap", school, _day(first, 9, 1), _day(year, 7, 1)),
        (
            "Training signaleren voor docenten",
            school,
            _day(first, 2, 1),
            today - timedelta(days=10),
        ),
        ("Mediawijsheid in het jongerenwerk", None, _day(first + 1, 1, 15), _day(year, 6, 30)),
        ("Begeleiding van families", None, _day(first, 1, 1), _day(year, 12, 31)),
    ]
    for title, theme, start, end in schedule:
        action = actions[title]
        plan_actions.save_action(
            coordinator,
            action.theme,
            action,
            goal=goals.get(theme) if theme is not None else None,
            planned_start=start,
            planned_end=end,
        )
    plan_actions.save_action(
        coordinator,
        returnees,
        actions["Begeleiding van families"],
        lead_organisation=orgs["Jeugdzorg Rivierstad"],
        working_group=[orgs["GGZ Rivierland"], orgs["Wijkteam Rivierstad-Noord"]],
    )
    fatima, karin = _as(users["youthcare"]), _as(users["teacher"])
    progress = [
        (
            fatima,
            "Moedercirkels",
            _day(first, 3, 20),
            "Eerste moedercirkel in Noord met 9 moeders.",
            ActionStatus.UNDER_WAY,
        ),
        (
            fatima,
            "Moedercirkels",
            _day(first + 1, 4, 2),
            "Tweede cirkel in Oost gestart; 23 moeders in totaal.",
            "",
        ),
        (
            fatima,
            "Moedercirkels",
            today - timedelta(days=30),
            "Vier cirkels draaien; ervaringsdeskundige voor Centrum gevonden.",
            "",
        ),
        (
            fatima,
            "Vaders in gesprek",
            _day(first + 1, 10, 5),
            "Eerste avond met 12 vaders in het wijkcentrum.",
            ActionStatus.UNDER_WAY,
        ),
        (
            karin,
            "Lessen democratisch burgerschap",
            _day(first, 10, 1),
            "Lessenserie in drie klassen van het Rivierlyceum gegeven.",
            ActionStatus.UNDER_WAY,
        ),
        (
            karin,
            "Training signaleren voor docenten",
            _day(first + 1, 6, 20),
            "Alle mentoren van het Rivierlyceum getraind.",
            ActionStatus.DONE,
        ),
        (
            coordinator,
            "Mediawijsheid in het jongerenwerk",
            _day(first + 1, 2, 1),
            "Jongerenwerkers volgen de cursus tegenverhalen.",
            ActionStatus.UNDER_WAY,
        ),
    ]
    for actor, title, on, text, status in progress:
        plan_actions.report_progress(actor, actions[title], on=on, text=text, status=status)

    criteria = {
        c.text: c
        for c in [
            plan_actions.save_criterion(coordinator, None, text=text, position=n, active=True)
            for n, text in enumerate(
                [
                    "Blijvend effect, geen afhankelijkheid van tijdelijk geld",
                    "Sluit aan bij wat er al is en versterkt dat",
                    "Uitvoerders kennen de stad en hebben er een netwerk",
                    "Alleen in samenwerking met anderen",
                ],
                start=1,
            )
        ]
    }
    plan_actions.check_criteria(
        coordinator,
        actions["Moedercirkels"],
        {
            criteria["Sluit aan bij wat er al is en versterkt dat"]: (
                True,
                "Bouwt op de moedergroep.",
            ),
            criteria["Alleen in samenwerking met anderen"]: (True, "Met wijkteam en stichting."),
            criteria["Blijvend effect, geen afhankelijkheid van tijdelijk geld"]: (
                False,
                "Afhankelijk van de rijkssubsidie.",
            ),
        },
    )
    plan_actions.save_risk(
        coordinator,
        plan,
        None,
        title="Subsidie wordt niet (geheel) toegekend",
        description="De gemeentelijke inzet hangt deels af van de aangevraagde rijkssubsidie.",
        mitigation="Heroverweging van de inzet per thema; eigen budget eerst voor de "
        "moedercirkels.",
        theme=None,
    )
    plan_actions.save_risk(
        coordinator,
        plan,
        None,
        title="Aanbieders zonder binding met de stad",
        description="Nieuwe aanbieders zien een markt in radicalisering.",
        mitigation="Elk initiatief wordt getoetst aan de criteria.",
        theme=None,
    )

    # --- the budget, three years ---------------------------------------------------------------
    for n, y in enumerate(range(first, year + 1)):
        own = budget_actions.save_budget_line(
            coordinator,
            plan,
            None,
            year=y,
            theme=parents,
            action=actions["Moedercirkels"],
            title="Ervaringsdeskundigen moedercirkels",
            source=BudgetLine.Source.OWN,
            amount=Decimal("24000.00"),
            fte=Decimal("0.20"),
        )
        subsidy = budget_actions.save_budget_line(
            coordinator,
            plan,
            None,
            year=y,
            theme=school,
            title="Versterken burgerschapsonderwijs",
            source=BudgetLine.Source.NATIONAL,
            subsidy_status=BudgetLine.SubsidyStatus.GRANTED
            if y < year
            else BudgetLine.SubsidyStatus.REQUESTED,
            reference="Regeling versterking lokale aanpak, dossier RV-" + str(y),
            requested_on=_day(y - 1, 11, 1),
            decided_on=_day(y, 2, 15) if y < year else None,
            amount=Decimal("60000.00"),
            granted_amount=Decimal("52500.00") if y < year else None,
        )
        council = budget_actions.save_budget_line(
            coordinator,
            plan,
            None,
            year=y,
            theme=None,
            title="Coördinatie en trainingen (raadsbesluit)",
            source=BudgetLine.Source.COUNCIL,
            reference="Raadsbesluit " + str(first - 1) + "-42",
            amount=Decimal("45000.00"),
            fte=Decimal("1.00"),
        )
        budget_actions.add_spending(
            coordinator,
            own,
            spent_on=_day(y, 4, 1),
            amount=Decimal("6000.00"),
            description="Eerste kwartaal",
        )
        if y < year:
            budget_actions.add_spending(
                coordinator,
                own,
                spent_on=_day(y, 10, 1),
                amount=Decimal("15250.50"),
                description="Tweede halfjaar",
            )
            budget_actions.add_spending(
                coordinator,
                subsidy,
                spent_on=_day(y, 9, 1),
                amount=Decimal("48125.75"),
                description="Lessenserie en materialen",
            )
        budget_actions.add_spending(
            coordinator,
            council,
            spent_on=_day(y, 3, 15),
            amount=Decimal("12000.00") + n,
            description="Trainers signaleren",
        )
    budget_actions.save_budget_line(
        coordinator,
        plan,
        None,
        year=year,
        theme=online,
        title="Europees project tegenverhalen",
        source=BudgetLine.Source.EUROPEAN,
        subsidy_status=BudgetLine.SubsidyStatus.REFUSED,
        requested_on=_day(year - 1, 9, 30),
        decided_on=_day(year, 1, 20),
        amount=Decimal("80000.00"),
    )

    # --- the network ----------------------------------------------------------------------------
    contacts = {}
    for name, org, function, district, officer in [
        ("Joris Jansen", "Politie Eenheid Rivierland", "Wijkagent", "Rivierstad-Noord", True),
        ("Fatima El Amrani", "Jeugdzorg Rivierstad", "Gedragswetenschapper", "", True),
        ("Pieter Mulder", "GGZ Rivierland", "Psychiater", "", True),
        ("Lotte Visser", "Wijkteam Rivierstad-Noord", "Wijkcoach", "Rivierstad-Noord", True),
        ("Karin Smit", "Het Rivierlyceum", "Zorgcoördinator", "Centrum", True),
        (
            "Emine Kaya",
            "Stichting Samen in de Wijk",
            "Coördinator vrijwilligers",
            "Rivierstad-Oost",
            False,
        ),
        ("Bram de Wit", "Reclassering Rivierland", "Reclasseringswerker", "", True),
    ]:
        contacts[name] = network_actions.save_contact_person(
            coordinator,
            None,
            organisation=orgs[org],
            name=name,
            function=function,
            email=name.lower().replace(" ", ".") + "@example.invalid",
            district=district,
            designated_officer=officer,
        )
    key_figures = [
        network_actions.save_key_figure(
            coordinator,
            None,
            name=name,
            community=community,
            district=district,
            consent_given_on=given,
            consent_scope="Opgenomen in het netwerk van sleutelfiguren; uitnodigingen voor het "
            "wijknetwerk en trainingen.",
        )
        for name, community, district, given in [
            ("Hassan Amrani", "Moskeevereniging Noord", "Rivierstad-Noord", _day(first + 1, 5, 1)),
            ("Maria Jansen", "Buurtvereniging Oost", "Rivierstad-Oost", _day(year, 1, 10)),
            ("Yusra Ilhan", "Vrouwengroep Centrum", "Centrum", _day(first + 1, 11, 15)),
        ]
    ]
    north = network_actions.save_district_network(
        coordinator,
        name="Bondgenotenoverleg Noord",
        district="Rivierstad-Noord",
        description="Partners en sleutelfiguren in Noord, elke zes weken.",
    )
    network_actions.set_district_members(
        coordinator,
        north,
        contacts=[contacts["Joris Jansen"], contacts["Lotte Visser"], contacts["Emine Kaya"]],
        key_figures=[key_figures[0]],
    )
    for days_ago, topics, signals in [
        (120, "Onrust na een incident bij de moskee; afspraken over een buurtavond.", 0),
        (78, "Jongeren hangen rond het winkelcentrum; aanbod van het jongerenwerk.", 1),
        (36, "Terugblik buurtavond; behoefte aan een vaderavond in Noord.", 0),
    ]:
        network_actions.record_district_meeting(
            coordinator,
            north,
            held_on=today - timedelta(days=days_ago),
            topics=topics,
            contacts_present=[contacts["Joris Jansen"], contacts["Lotte Visser"]],
            key_figures_present=[key_figures[0]],
            others_present=2,
            signals_reported=signals,
        )
    network_actions.save_district_network(
        coordinator, name="Signaleringsoverleg Oost", district="Rivierstad-Oost", description=""
    )

    # --- trainings: four kinds, three years, well over 150 people --------------------------
    catalogue = {
        title: training_actions.save_training(
            coordinator,
            None,
            title=title,
            provider=provider,
            target_groups=groups,
            hours=Decimal(hours),
            level=level,
            description="",
            theme=theme,
        )
        for title, provider, groups, hours, level, theme in [
            (
                "Signaleren van radicalisering",
                "Expertisecentrum Rivierland",
                "Professionals in de wijk, docenten",
                "4",
                "basic",
                school,
            ),
            (
                "Omgaan met extreme idealen",
                "Expertisecentrum Rivierland",
                "Jongerenwerk, wijkteams",
                "8",
                "advanced",
                parents,
            ),
            ("Informatiedelen", "Gemeente Rivierstad", "Taakaccenthouders", "3", "basic", None),
            (
                "Links- en rechtsextremisme",
                "Landelijk steunpunt",
                "Taakaccenthouders, politie",
                "4",
                "expert",
                None,
            ),
        ]
    }
    named = {
        "Joris Jansen": orgs["Politie Eenheid Rivierland"],
        "Lotte Visser": orgs["Wijkteam Rivierstad-Noord"],
        "Karin Smit": orgs["Het Rivierlyceum"],
    }
    sessions = []
    Counts = list[tuple[Organisation | None, int]]
    for y in range(first, year + 1):
        rounds: list[tuple[str, int, Counts]] = [
            (
                "Signaleren van radicalisering",
                3,
                [(orgs["Wijkteam Rivierstad-Noord"], 9), (None, 7)],
            ),
            (
                "Omgaan met extreme idealen",
                6,
                [(orgs["Jeugdzorg Rivierstad"], 8), (orgs["Stichting Samen in de Wijk"], 5)],
            ),
            (
                "Informatiedelen",
                9,
                [(orgs["Politie Eenheid Rivierland"], 6), (orgs["GGZ Rivierland"], 4)],
            ),
            ("Links- en rechtsextremisme", 11, [(orgs["Het Rivierlyceum"], 11), (None, 6)]),
        ]
        for title, month, counts in rounds:
            held_on = _day(y, month, 12)
            session = training_actions.plan_session(
                coordinator,
                catalogue[title],
                starts_on=held_on,
                place="Stadskantoor Rivierstad",
                trainer="Trainer van " + catalogue[title].provider,
                capacity=30,
            )
            sessions.append(session)
            if held_on > today:
                continue
            for organisation, count in counts:
                training_actions.add_headcount(
                    coordinator,
                    session,
                    count=count,
                    organisation=organisation,
                    sector="" if organisation else Sector.EDUCATION,
                )
            training_actions.add_evaluation(
                coordinator,
                session,
                summary="Deelnemers waarderen de casussen uit de eigen stad; meer tijd voor "
                "oefenen gevraagd.",
                rating=4,
            )
    first_session = sessions[0]
    for name, organisation in named.items():
        training_actions.register_participant(
            coordinator,
            first_session,
            name=name,
            email=name.lower().replace(" ", ".") + "@example.invalid",
            organisation=organisation,
        )
    training_actions.plan_session(
        coordinator,
        catalogue["Signaleren van radicalisering"],
        starts_on=today + timedelta(days=21),
        place="Wijkcentrum Noord",
        trainer="Trainer van Expertisecentrum Rivierland",
        capacity=20,
    )

    # --- a theme day with fourteen lectures and workshops ----------------------------------
    day = training_actions.save_event(
        coordinator,
        None,
        kind="theme_day",
        title="Themadag aanpak radicalisering",
        held_on=_day(year - 1, 11, 14),
        place="Schouwburg Rivierstad",
        audience="Professionals van gemeente, politie, onderwijs, zorg en welzijn",
        attendance=256,
        theme=None,
        note="",
    )
    for n in range(1, 15):
        training_actions.add_programme_item(
            coordinator,
            day,
            kind="lecture" if n <= 5 else "workshop",
            title=("Lezing " if n <= 5 else "Workshop ") + str(n),
            speaker="Spreker " + str(n),
            attendance=40 + n,
        )
    training_actions.save_event(
        coordinator,
        None,
        kind="expert_meeting",
        title="Expertmeeting online propaganda",
        held_on=_day(year - 1, 4, 3),
        place="Stadskantoor Rivierstad",
        audience="Jongerenwerk en wijkteams",
        attendance=38,
        theme=online,
        note="",
    )

    # --- a school programme and a parent programme -----------------------------------------
    bounce = training_actions.save_outreach(
        coordinator,
        None,
        kind="school",
        title="Weerbaarheidstraining basisschool",
        provider="Stichting Weerbaar",
        description="Een weerbaarheidstraining voor groep 7 en 8, met verzorgers en leerkrachten.",
        theme=school,
    )
    training_actions.record_delivery(
        coordinator,
        bounce,
        school="Basisschool De Regenboog",
        held_on=_day(year - 1, 10, 8),
        classes=2,
        pupils=48,
        parents=21,
        professionals=6,
    )
    circles = training_actions.save_outreach(
        coordinator, None, kind="parents", title="Ouderavonden online leven", theme=parents
    )
    training_actions.record_delivery(
        coordinator,
        circles,
        school="Wijkcentrum Oost",
        held_on=_day(year - 1, 3, 5),
        classes=0,
        pupils=0,
        parents=34,
        professionals=2,
    )

    # --- communication ---------------------------------------------------------------------------
    for planned_on, audience, channel, message, owner, status in [
        (
            _day(first, 6, 2),
            "Partners en inwoners",
            "Werkbijeenkomst met filmverslag",
            "Rivierstad zijn we samen",
            "Communicatie gemeente",
            "done",
        ),
        (
            _day(first, 7, 1),
            "Gemeenteraad",
            "Raadsinformatiebrief",
            "Het actieplan is klaar",
            "Coördinator radicalisering",
            "done",
        ),
        (
            _day(year - 1, 3, 1),
            "Gemeenteraad",
            "Raadsinformatiebrief",
            "Stand van zaken actieplan",
            "Coördinator radicalisering",
            "done",
        ),
        (
            today + timedelta(days=14),
            "Ouders in Noord",
            "Nieuwsbrief wijkcentrum",
            "U staat er niet alleen voor",
            "Stichting Samen in de Wijk",
            "planned",
        ),
        (
            today + timedelta(days=60),
            "Gemeenteraad",
            "Raadsinformatiebrief",
            "Jaarverantwoording",
            "Coördinator radicalisering",
            "planned",
        ),
    ]:
        communication_actions.save_moment(
            coordinator,
            None,
            planned_on=planned_on,
            audience=audience,
            channel=channel,
            core_message=message,
            owner=owner,
            status=status,
            theme=None,
        )
    communication_actions.record_dialogue(
        coordinator,
        held_on=_day(year - 1, 5, 20),
        title="Dialoogavond na de aanslagen",
        place="Wijkcentrum Noord",
        audience="Buurtbewoners",
        attendance=64,
        summary="Zorgen over polarisatie gedeeld; afspraak voor een vervolg in Oost.",
        theme=None,
    )
    communication_actions.log_response(
        coordinator,
        occurred_on=today - timedelta(days=50),
        kind="media",
        subject="Vraag van de regionale krant over de aanpak in Noord",
        response="Schriftelijke reactie: de gemeente werkt met partners aan preventie; geen "
        "uitspraken over personen.",
        channel="E-mail aan de redactie",
    )
