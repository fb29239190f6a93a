"""The prevention programme of the benchmark's municipality (``samen generate`` makes none).

A big city's programme over three years, as the seeds describe one: an adopted action plan of
six themes with the five questions answered, goals, actions with a lead organisation, some with
a named lead ("trekker"), a working group, progress reports and the criteria checked; risks; a
budget per year and theme with subsidies and spending; the network (contact persons of the
partners, key figures, district networks with their meetings); trainings with sessions, named
participants, headcounts and evaluations; theme days with their programme; school and parent
programmes with their deliveries; communication moments, dialogue meetings and responses.

``scale`` multiplies what grows with the city (actions, the network, sessions, deliveries,
communication); 1 is the ``city`` size. Rows are bulk-created (encrypted columns are encrypted
by their field, the blind indexes computed as the actions compute them); everything is made
once, the first time, and found again by the plan's title afterwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from samen.core import generations
from samen.core.blind_index import blind_index
from samen.core.generations import Topic

PLAN_TITLE = "Samen weerbaar (bench)"
SANDBOX_ACTION = "Sandbox-actie (bench)"
SANDBOX_NETWORK = "Sandbox-netwerk (bench)"
IMPORT_SOURCE = "actieplan-benchstad.txt"

THEMES = (
    "Acceptatie en integratie",
    "Opvoeding en ouders",
    "Onderwijs",
    "Werk en perspectief",
    "Communicatie en dialoog",
    "Online weerbaarheid",
)
ANSWER = (
    "In de wijken werken partners samen aan weerbaarheid van jongeren en ouders. Scholen, "
    "jongerenwerk en wijkteams zien signalen en weten elkaar steeds beter te vinden. "
)
FIRST_NAMES = ("Anna", "Bram", "Chaima", "Daan", "Eva", "Fatima", "Hamza", "Ilse", "Jan")
LAST_NAMES = ("Bakker", "de Boer", "El Amrani", "Jansen", "de Jong", "Kaya", "Smit", "Yilmaz")


def model(label: str) -> Any:
    return apps.get_model(label)


@dataclass
class Programme:
    """The objects the catalogue's programme variants open."""

    plan: Any
    theme: Any
    action: Any
    lead_action: Any
    sandbox_action: Any
    criterion: Any
    risk: Any
    line: Any
    contact: Any
    key_figure: Any
    network: Any
    sandbox_network: Any
    training: Any
    session: Any
    event: Any
    outreach: Any
    moment: Any
    document: Any


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _count(scale: float, n: int, least: int = 1) -> int:
    return max(least, round(n * scale))


def ensure_programme(municipality: Any, coordinator: Any, lead: Any, scale: float) -> Programme:
    Plan = model("programme.Plan")
    plan = Plan.objects.filter(municipality=municipality, title=PLAN_TITLE).first()
    if plan is None:
        with transaction.atomic():
            plan = _generate(municipality, coordinator, lead, scale)
            # Written with ``bulk_create``, which sends no model signals.
            generations.bump([municipality.pk], [Topic.PROGRAMME])
    return _found(plan, lead)


def _found(plan: Any, lead: Any) -> Programme:
    municipality_id = plan.municipality_id
    PlanAction = model("programme.PlanAction")
    actions = PlanAction.objects.filter(theme__plan=plan).exclude(title=SANDBOX_ACTION)
    networks = model("programme.DistrictNetwork").objects.filter(municipality_id=municipality_id)
    # A session that was held, with its participants, and its training.
    session = (
        model("programme.TrainingSession")
        .objects.filter(training__municipality_id=municipality_id, participants__isnull=False)
        .order_by("pk")
        .first()
    )
    return Programme(
        plan=plan,
        theme=plan.themes.order_by("position", "pk").first(),
        action=actions.filter(updates__isnull=False, lead_user__isnull=True).order_by("pk").first(),
        lead_action=actions.filter(lead_user=lead).order_by("pk").first(),
        sandbox_action=PlanAction.objects.get(theme__plan=plan, title=SANDBOX_ACTION),
        criterion=model("programme.Criterion")
        .objects.filter(municipality_id=municipality_id)
        .order_by("position", "pk")
        .first(),
        risk=plan.risks.order_by("pk").first(),
        line=plan.budget_lines.filter(spendings__isnull=False).order_by("pk").first(),
        contact=model("programme.ContactPerson")
        .objects.filter(municipality_id=municipality_id)
        .order_by("pk")
        .first(),
        key_figure=model("programme.KeyFigure")
        .objects.filter(municipality_id=municipality_id)
        .order_by("pk")
        .first(),
        network=networks.exclude(name=SANDBOX_NETWORK).order_by("pk").first(),
        sandbox_network=networks.get(name=SANDBOX_NETWORK),
        training=session.training,
        session=session,
        event=model("programme.Event")
        .objects.filter(municipality_id=municipality_id)
        .order_by("pk")
        .first(),
        outreach=model("programme.Outreach")
        .objects.filter(municipality_id=municipality_id)
        .order_by("pk")
        .first(),
        moment=model("programme.CommunicationMoment")
        .objects.filter(municipality_id=municipality_id)
        .order_by("pk")
        .first(),
        document=model("hub.Document")
        .objects.filter(source_name=IMPORT_SOURCE)
        .order_by("pk")
        .first(),
    )


def _generate(municipality: Any, coordinator: Any, lead: Any, scale: float) -> Any:
    rng = random.Random(f"programme-{municipality.pk}")
    today = timezone.localdate()
    first = today.year - 1
    start = date(first, 1, 1)
    Organisation = model("accounts.Organisation")
    partners = list(Organisation.objects.filter(municipality=municipality).order_by("pk"))
    organisations = [municipality, *partners]
    districts = list(
        model("casework.District")
        .objects.filter(municipality=municipality)
        .order_by("position", "pk")
        .values_list("name", flat=True)
    ) or ["Noord", "Oost", "Zuid", "West", "Centrum"]

    def day(span_days: int = 3 * 365) -> date:
        return start + timedelta(days=rng.randint(0, span_days - 1))

    def past() -> date:
        """A day of the plan's period that has been: what was done, held or spent."""
        return start + timedelta(days=rng.randint(0, max(0, (today - start).days)))

    # --- the action plan ------------------------------------------------------------------
    plan = model("programme.Plan").objects.create(
        municipality=municipality,
        title=PLAN_TITLE,
        first_year=first,
        last_year=first + 2,
        status="adopted",
        summary=ANSWER * 3,
        created_by=coordinator,
    )
    Theme, Goal = model("programme.Theme"), model("programme.Goal")
    themes = Theme.objects.bulk_create(
        Theme(
            plan=plan,
            position=n + 1,
            title=title,
            current_situation=ANSWER * 4,
            ambition=ANSWER * 2,
            existing_work=ANSWER * 3,
            together=ANSWER * 3,
            municipality_role=ANSWER * 2,
        )
        for n, title in enumerate(THEMES)
    )
    goals = Goal.objects.bulk_create(
        Goal(theme=theme, text=f"Doel {k + 1}: {ANSWER}", target_date=day())
        for theme in themes
        for k in range(3)
    )
    PlanAction = model("programme.PlanAction")
    statuses = ("planned", "under_way", "under_way", "under_way", "done", "stopped")
    actions = []
    for theme in themes:
        for k in range(_count(scale, 10, least=2)):
            begins = day(2 * 365)
            status = rng.choice(statuses)
            organisation = rng.choice(organisations)
            actions.append(
                PlanAction(
                    theme=theme,
                    goal=rng.choice([g for g in goals if g.theme_id == theme.pk]),
                    title=f"{theme.title}: actie {k + 1}",
                    description=ANSWER * 2,
                    lead_organisation=organisation,
                    lead_user=lead if k % 4 == 0 else None,
                    other_partners="Moskeebestuur, ouderplatform",
                    mode="together" if k % 3 else "alone",
                    status=status,
                    stop_reason="Geen subsidie." if status == "stopped" else "",
                    planned_start=begins,
                    planned_end=begins + timedelta(days=rng.randint(60, 500)),
                    actual_start=begins if status != "planned" else None,
                )
            )
    actions.append(
        PlanAction(theme=themes[0], title=SANDBOX_ACTION, lead_organisation=municipality)
    )
    actions = PlanAction.objects.bulk_create(actions)
    Group = PlanAction.working_group.through
    Group.objects.bulk_create(
        Group(planaction_id=action.pk, organisation_id=organisation.pk)
        for action in actions
        for organisation in rng.sample(organisations, min(3, len(organisations)))
    )
    Update = model("programme.ProgressUpdate")
    Update.objects.bulk_create(
        Update(
            action=action,
            on=past(),
            text=f"Voortgang: {ANSWER}",
            status=rng.choice(("", "", "under_way")),
            author=lead if action.lead_user_id else coordinator,
            organisation=lead.organisation if action.lead_user_id else municipality,
        )
        for action in actions[:-1]
        for _ in range(6)
    )
    Criterion, Check = model("programme.Criterion"), model("programme.CriterionCheck")
    criteria = Criterion.objects.bulk_create(
        Criterion(municipality=municipality, text=f"Criterium {n + 1}: {ANSWER[:80]}", position=n)
        for n in range(8)
    )
    Check.objects.bulk_create(
        Check(
            action=action,
            criterion=criterion,
            met=rng.random() < 0.7,
            note="Besproken in de stuurgroep.",
            checked_by=coordinator,
        )
        for action in actions[:-1]
        for criterion in criteria
    )
    model("programme.Risk").objects.bulk_create(
        model("programme.Risk")(
            plan=plan,
            theme=rng.choice([None, *themes]),
            title=f"Risico {n + 1}",
            description=ANSWER,
            mitigation=ANSWER,
        )
        for n in range(8)
    )

    # --- the budget -------------------------------------------------------------------------
    Line, Spending = model("programme.BudgetLine"), model("programme.Spending")
    lines = []
    for year in plan.years:
        for theme in themes:
            for source in ("own", "national", "european"):
                amount = Decimal(rng.randint(5_000, 80_000))
                granted = amount if source == "own" or rng.random() < 0.7 else Decimal(0)
                lines.append(
                    Line(
                        plan=plan,
                        year=year,
                        theme=theme,
                        title=f"{theme.title} {year} ({source})",
                        source=source,
                        subsidy_status="" if source == "own" else "granted",
                        amount=amount,
                        granted_amount=granted,
                        fte=Decimal("0.50"),
                    )
                )
    lines = Line.objects.bulk_create(lines)
    Spending.objects.bulk_create(
        Spending(
            line=line,
            spent_on=min(today, date(line.year, rng.randint(1, 12), rng.randint(1, 28))),
            amount=Decimal(rng.randint(100, 4_000)),
            description="Inhuur en materiaal",
            recorded_by=coordinator,
        )
        for line in lines
        for _ in range(8)
    )

    # --- the network (personal data) ------------------------------------------------------
    Contact, KeyFigure = model("programme.ContactPerson"), model("programme.KeyFigure")
    contact_rows = []
    for n in range(_count(scale, 300, least=10)):
        name = _name(rng)
        email = f"contact{n}@partner.example"
        contact_rows.append(
            Contact(
                municipality=municipality,
                organisation=rng.choice(organisations),
                name=name,
                function="Taakaccenthouder" if n % 5 == 0 else "Medewerker",
                email=email,
                phone="010-0000000",
                district=rng.choice(districts),
                designated_officer=n % 5 == 0,
                name_index=blind_index(name),
                email_index=blind_index(email),
            )
        )
    contacts = Contact.objects.bulk_create(contact_rows)
    figure_rows = []
    for _ in range(_count(scale, 60, least=5)):
        name = _name(rng)
        figure_rows.append(
            KeyFigure(
                municipality=municipality,
                name=name,
                community="Wijkvereniging",
                district=rng.choice(districts),
                consent_given_on=day(365),
                consent_scope="In het netwerk, benaderd worden, uitnodigingen",
                retain_until=today + timedelta(days=3 * 365),
                name_index=blind_index(name),
                added_by=coordinator,
            )
        )
    figures = KeyFigure.objects.bulk_create(figure_rows)
    Network, Meeting = model("programme.DistrictNetwork"), model("programme.DistrictMeeting")
    networks = Network.objects.bulk_create(
        [
            *(
                Network(municipality=municipality, name=f"Bondgenoten {d}", district=d)
                for d in districts[:6]
            ),
            Network(municipality=municipality, name=SANDBOX_NETWORK),
        ]
    )
    Members = Network.contact_members.through
    FigureMembers = Network.key_figure_members.through
    members: dict[int, tuple[list[Any], list[Any]]] = {}
    for network in networks[:-1]:
        members[network.pk] = (
            rng.sample(contacts, min(len(contacts), 30)),
            rng.sample(figures, min(len(figures), 8)),
        )
    Members.objects.bulk_create(
        Members(districtnetwork_id=pk, contactperson_id=c.pk)
        for pk, (cs, _fs) in members.items()
        for c in cs
    )
    FigureMembers.objects.bulk_create(
        FigureMembers(districtnetwork_id=pk, keyfigure_id=f.pk)
        for pk, (_cs, fs) in members.items()
        for f in fs
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            network_id=pk,
            held_on=past(),
            topics="Spanningen rond het plein; activiteiten voor jongeren in de zomer.",
            others_present=rng.randint(0, 6),
            signals_reported=rng.randint(0, 2),
            recorded_by=coordinator,
        )
        for pk in members
        for _ in range(_count(scale, 30, least=2))
    )
    Present = Meeting.contacts_present.through
    FiguresPresent = Meeting.key_figures_present.through
    Present.objects.bulk_create(
        Present(districtmeeting_id=m.pk, contactperson_id=c.pk)
        for m in meetings
        for c in rng.sample(members[m.network_id][0], min(8, len(members[m.network_id][0])))
    )
    FiguresPresent.objects.bulk_create(
        FiguresPresent(districtmeeting_id=m.pk, keyfigure_id=f.pk)
        for m in meetings
        for f in rng.sample(members[m.network_id][1], min(3, len(members[m.network_id][1])))
    )

    # --- trainings and events ---------------------------------------------------------------
    Training, Session = model("programme.Training"), model("programme.TrainingSession")
    trainings = Training.objects.bulk_create(
        Training(
            municipality=municipality,
            title=f"Training {n + 1}: signaleren van radicalisering",
            provider="Expertisecentrum",
            target_groups="Docenten, jongerenwerkers, wijkagenten",
            hours=Decimal("4.0"),
            level=("basic", "advanced", "expert")[n % 3],
            description=ANSWER,
            theme=themes[n % len(themes)],
        )
        for n in range(12)
    )
    sessions = Session.objects.bulk_create(
        Session(
            training=trainings[n % len(trainings)],
            # The first has been held; the others spread over the period and half a year on.
            starts_on=past() if n == 0 else day(3 * 365 + 180),
            place="Stadhuis",
            trainer="Trainer",
            capacity=25,
        )
        for n in range(_count(scale, 60, least=4))
    )
    Participant = model("programme.TrainingParticipant")
    participant_rows = []
    for session in sessions:
        if session.starts_on > today:
            continue
        for k in range(20):
            name = _name(rng)
            organisation = rng.choice(organisations)
            email = f"deelnemer{session.pk}-{k}@partner.example"
            participant_rows.append(
                Participant(
                    session=session,
                    name=name,
                    email=email,
                    organisation=organisation,
                    sector=_sector(organisation),
                    name_index=blind_index(name),
                    email_index=blind_index(email),
                )
            )
    Participant.objects.bulk_create(participant_rows, batch_size=2000)
    Headcount, Evaluation = model("programme.Headcount"), model("programme.Evaluation")
    Headcount.objects.bulk_create(
        Headcount(
            session=session,
            organisation=organisation,
            sector=_sector(organisation),
            count=rng.randint(1, 10),
        )
        for session in sessions
        if session.starts_on <= today
        for organisation in rng.sample(organisations, min(2, len(organisations)))
    )
    Evaluation.objects.bulk_create(
        Evaluation(
            session=session,
            summary="Nuttig; meer casuïstiek graag.",
            rating=rng.randint(3, 5),
            recorded_by=coordinator,
        )
        for session in sessions
        if session.starts_on <= today
        for _ in range(3)
    )
    Event, Item = model("programme.Event"), model("programme.ProgrammeItem")
    events = Event.objects.bulk_create(
        Event(
            municipality=municipality,
            kind=("theme_day", "expert_meeting", "conference")[n % 3],
            title=f"Themadag {n + 1}",
            held_on=past(),
            place="Schouwburg",
            audience="Professionals",
            attendance=rng.randint(40, 250),
            theme=themes[n % len(themes)],
        )
        for n in range(_count(scale, 10, least=2))
    )
    Item.objects.bulk_create(
        Item(
            event=event,
            kind=("lecture", "workshop")[k % 2],
            title=f"Workshop {k + 1}",
            speaker="Spreker",
            attendance=rng.randint(10, 60),
        )
        for event in events
        for k in range(14)
    )
    Outreach, Delivery = model("programme.Outreach"), model("programme.Delivery")
    programmes = Outreach.objects.bulk_create(
        Outreach(
            municipality=municipality,
            kind=("school", "parents")[n % 2],
            title=f"Weerbaarheidsprogramma {n + 1}",
            provider="Welzijnsorganisatie",
            description=ANSWER,
            theme=themes[n % len(themes)],
        )
        for n in range(6)
    )
    Delivery.objects.bulk_create(
        Delivery(
            outreach=item,
            school=f"Basisschool {rng.randint(1, 80)}",
            held_on=past(),
            classes=rng.randint(1, 4),
            pupils=rng.randint(20, 100),
            parents=rng.randint(0, 40),
            professionals=rng.randint(1, 8),
        )
        for item in programmes
        for _ in range(_count(scale, 40, least=3))
    )

    # --- communication ----------------------------------------------------------------------
    model("programme.CommunicationMoment").objects.bulk_create(
        model("programme.CommunicationMoment")(
            municipality=municipality,
            planned_on=day(),
            audience="Ouders en professionals",
            channel=rng.choice(("Nieuwsbrief", "Website", "Bijeenkomst", "Sociale media")),
            core_message=ANSWER,
            owner="Communicatie",
            status="done" if rng.random() < 0.6 else "planned",
            theme=rng.choice(themes),
        )
        for _ in range(_count(scale, 120, least=5))
    )
    model("programme.DialogueMeeting").objects.bulk_create(
        model("programme.DialogueMeeting")(
            municipality=municipality,
            held_on=past(),
            title=f"Dialoogavond {n + 1}",
            place="Buurthuis",
            audience="Bewoners",
            attendance=rng.randint(10, 80),
            summary=ANSWER,
            theme=rng.choice(themes),
        )
        for n in range(_count(scale, 36, least=3))
    )
    model("programme.MediaResponse").objects.bulk_create(
        model("programme.MediaResponse")(
            municipality=municipality,
            occurred_on=past(),
            kind=("incident", "media")[n % 2],
            subject="Vraag van de lokale krant over polarisatie",
            response=ANSWER,
            channel="Woordvoering",
            recorded_by=coordinator,
        )
        for n in range(_count(scale, 30, least=3))
    )
    _import_document()
    return plan


def _sector(organisation: Any) -> str:
    from samen.programme.models import sector_of

    return sector_of(organisation)


def _import_document() -> None:
    """A hub document that is an action plan, for the draft plan's review page."""
    from samen.audit.actor import Actor
    from samen.hub import actions as hub_actions
    from samen.hub.importing import read_document

    if model("hub.Document").objects.filter(source_name=IMPORT_SOURCE).exists():
        return
    text = "Actieplan Benchstad\n\n" + "\n\n".join(
        f"{n + 1}. {title}\n\nWaar staan we nu?\n\n{ANSWER}\n\n"
        f"Waar willen we over twee jaar staan?\n\n{ANSWER}\n\n"
        f"Wat gaan we samen doen?\n\n- Actie {n + 1}a: trekker jongerenwerk\n"
        f"- Actie {n + 1}b: trekker wijkteam"
        for n, title in enumerate(THEMES)
    )
    hub_actions.import_document(
        Actor.system(),
        read_document(text),
        text=text,
        source_name=IMPORT_SOURCE,
        title="Actieplan Benchstad",
    )
