"""The benchmark's data and plan, made inside Django (``samen bench-prepare``).

Fills a scratch database with ``samen generate`` when it is empty, adds what the generated set
lacks for some pages (persons, one person with years of history, an attachment, a decision tree,
a legal hold, the knowledge hub's documents, a hub editor with a password, a municipality for the
intake test), analyses the tables, and writes the plan the runner follows: every variant of the
catalogue as a path, a method, a body and the session of its account, and the sessions.

Models are reached through ``apps.get_model`` and changed directly (this is a fixture builder,
like ``samen generate``), so that moving code between modules does not break it.
"""

from __future__ import annotations

import math
import random
import secrets
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from samen.audit.chain import GENESIS_HASH, hash_of
from samen.casework import policy
from samen.core.blind_index import person_indexes
from samen.core.maintenance import after_bulk_load
from samen.operations.bench.catalogue import (
    CATALOGUE,
    FLOOR,
    FLOOR_NAME,
    data_of,
    missing_urls,
    path_of,
)
from samen.operations.bench.programme import ensure_programme
from samen.operations.bench.sizes import Size

# The audit chain's lock (samen.audit.services.record): appending history takes it too.
CHAIN_LOCK_KEY = 7_316_001
HISTORY_MARK = "bench-history"
THROWAWAY = "bench-throwaway"
INTAKE_MUNICIPALITY = "Gemeente Bench-intake"
# The district the intake test's signals name: the API accepts only a district of the
# municipality (casework.api.SignalSubmissionSerializer).
INTAKE_DISTRICT = "Noord"
# A reporter's session after entering a receipt code (casework.views.report_follow_up).
FOLLOW_UP_SESSION_KEY = "follow_up_signal"
POOLS = ("logout", "hub_profile", "hub_practice", "hub_document", "hub_concept")


def model(label: str) -> Any:
    return apps.get_model(label)


def say(message: str) -> None:
    print(f"  {message}", flush=True)


# --- the data ------------------------------------------------------------------------------------


def ensure_generated(size: Size) -> bool:
    """Run ``samen generate`` on an empty database; True when it did."""
    if model("casework.Signal").objects.exists():
        return False
    say(f"generating the {size.name} data set: {size.generate_options()}")
    call_command("generate", force=True, **size.generate_options())
    return True


def analyse() -> None:
    after_bulk_load()


def largest_municipality() -> Any:
    Organisation = model("accounts.Organisation")
    municipality = (
        Organisation.objects.filter(kind="municipality")
        .exclude(name=INTAKE_MUNICIPALITY)
        .annotate(n=Count("signals"))
        .order_by("-n", "pk")
        .first()
    )
    if municipality is None:
        raise SystemExit("no municipality in the database")
    return municipality


def _user(municipality: Any, role: str, kinds: tuple[str, ...] = ("municipality",)) -> Any:
    User = model("accounts.User")
    user = (
        User.objects.filter(
            Q(organisation=municipality) | Q(organisation__municipality=municipality),
            organisation__kind__in=kinds,
            roles__code=role,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )
    if user is None:
        raise SystemExit(f"{municipality.name} has no active user with the role {role}")
    return user


def _partner(municipality: Any, kind: str) -> Any:
    partner = (
        model("accounts.Organisation")
        .objects.filter(municipality=municipality, kind=kind)
        .order_by("pk")
        .first()
    )
    if partner is None:
        raise SystemExit(f"{municipality.name} has no partner of the kind {kind}")
    return partner


def _role_user(username: str, organisation: Any, role: str, password: str = "") -> Any:
    User = model("accounts.User")
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"organisation": organisation, "full_name": username, "is_active": True},
    )
    if role:
        user.roles.add(model("accounts.Role").objects.get(code=role))
    if password:
        user.password = make_password(password)
        user.save(update_fields=["password"])
    return user


def ensure_persons(rng: random.Random) -> int:
    """A person for every case without one (``samen generate`` makes none), found by name and
    date of birth through the blind index, as ``admit_case`` makes them."""
    Case = model("casework.Case")
    Person = model("casework.Person")
    rows = list(
        Case.objects.filter(person__isnull=True)
        .order_by("pk")
        .values_list("pk", "municipality_id", "origin__subject_name")
    )
    if not rows:
        return 0
    persons = []
    for pk, municipality_id, subject_name in rows:
        name = subject_name or f"Persoon {pk}"
        born = date(1985, 1, 1) + timedelta(days=rng.randint(0, 365 * 24))
        name_index, name_only_index = person_indexes(name, born.isoformat())
        persons.append(
            Person(
                municipality_id=municipality_id,
                name=name,
                birth_date=born.isoformat(),
                district=rng.choice(("Noord", "Oost", "Zuid", "West", "Centrum")),
                name_index=name_index,
                name_only_index=name_only_index,
            )
        )
    with transaction.atomic():
        made = Person.objects.bulk_create(persons, batch_size=2000)
        cases = [
            Case(pk=row[0], person_id=person.pk) for row, person in zip(rows, made, strict=True)
        ]
        Case.objects.bulk_update(cases, ["person"], batch_size=2000)
    return len(cases)


def _chain_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def ensure_history(person: Any, cases: list[Any], users: list[Any], n: int) -> int:
    """``n`` audit entries about the person, spread over five years: reads and changes of
    their cases and signals by the municipality's staff, appended to the chain under its
    lock. Returns how many were added (none when they are there already)."""
    AuditEntry = model("audit.AuditEntry")
    if AuditEntry.objects.filter(request_id=HISTORY_MARK).exists():
        return 0
    rng = random.Random(person.pk)
    now = timezone.now()
    start = now - timedelta(days=5 * 365)
    targets = [("casework.person", str(person.pk), f"person {person.pk}")]
    for case in cases:
        targets.append(("casework.case", str(case.pk), case.reference))
        targets.append(("casework.signal", str(case.origin_id), case.origin.reference))
    actions = {
        "casework.person": ("casework.person.view", "casework.person.update"),
        "casework.case": ("casework.case.view", "casework.case.note", "casework.case.plan"),
        "casework.signal": ("casework.signal.view",),
    }
    moments = sorted(start + (now - start) * rng.random() for _ in range(n))
    with transaction.atomic():
        _chain_lock()
        previous = (
            AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
            or GENESIS_HASH
        )
        entries = []
        for moment in moments:
            object_type, object_id, label = rng.choice(targets)
            user = rng.choice(users)
            fields = {
                "timestamp": moment.isoformat(timespec="microseconds"),
                "user_id": user.pk,
                "user_label": user.username,
                "organisation_id": user.organisation_id,
                "organisation_label": user.organisation.name,
                "action": rng.choice(actions[object_type]),
                "object_type": object_type,
                "object_id": object_id,
                "object_label": label,
                "reason": "",
                "request_id": HISTORY_MARK,
                "outcome": "allowed",
                "previous_hash": previous,
            }
            previous = hash_of(fields)
            entries.append(AuditEntry(**{**fields, "timestamp": moment, "entry_hash": previous}))
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return n


def ensure_attachment(case: Any, user: Any) -> Any:
    from samen.casework import attachments

    Attachment = model("casework.Attachment")
    found = Attachment.objects.filter(case=case).order_by("pk").first()
    if found is not None:
        return found
    content = b"%PDF-1.4\n% samen benchmark\n" + b"0" * 20_000
    return Attachment.objects.create(
        case=case,
        kind="external_assessment",
        title="Duidingsrapport",
        filename="duiding.pdf",
        content_type="application/pdf",
        size=len(content),
        storage_name=attachments.store(content),
        uploaded_by=user,
        organisation=user.organisation,
    )


def ensure_expert_order(municipality: Any, case: Any, user: Any, expert_user: Any) -> Any:
    """The expert in the municipality's register with an open order on ``case`` whose access
    period has not ended (a kept database gets a new one when the last has expired)."""
    Expert, Order = model("casework.Expert"), model("casework.ExpertOrder")
    expert, _ = Expert.objects.get_or_create(
        municipality=municipality,
        user=expert_user,
        defaults={
            "kind": "expert",
            "organisation_name": "Bureau Duiding (bench)",
            "specialism": "Duidingsassessments",
            "on_call": "dag en nacht",
        },
    )
    today = timezone.localdate()
    found = (
        Order.objects.filter(
            expert=expert, status="ordered", access_until__gte=today + timedelta(days=2)
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    due = today + timedelta(days=14)
    return Order.objects.create(
        case=case,
        expert=expert,
        kind="assessment",
        question="Is er sprake van radicalisering? Welke beschermende factoren zijn er?",
        summary="Samenvatting voor de deskundige (benchmark).",
        due_on=due,
        access_until=due + timedelta(days=7),
        ordered_by=user,
    )


def ensure_tree(municipality: Any) -> tuple[Any, Any]:
    Tree, Node, Answer = (
        model("casework.GuidanceTree"),
        model("casework.GuidanceNode"),
        model("casework.GuidanceAnswer"),
    )
    tree = Tree.objects.filter(municipality=municipality, active=True).first()
    if tree is None:
        tree = Tree.objects.create(
            municipality=municipality, audience="residents", title_nl="Zorgen over iemand"
        )
        question = Node.objects.create(tree=tree, kind="question", text_nl="Is er acuut gevaar?")
        acute = Node.objects.create(
            tree=tree, kind="advice", text_nl="Bel direct 112.", emergency=True, offer_report=False
        )
        report = Node.objects.create(tree=tree, kind="advice", text_nl="Meld uw zorg.")
        Answer.objects.create(question=question, label_nl="Ja", leads_to=acute)
        Answer.objects.create(question=question, label_nl="Nee", leads_to=report)
        tree.start = question
        tree.active = True
        tree.save()
    answer = Answer.objects.filter(question__tree=tree).order_by("pk").first()
    return tree, answer


def ensure_hold(case: Any, user: Any) -> Any:
    Hold = model("casework.LegalHold")
    hold = Hold.objects.filter(case__municipality=case.municipality, lifted_at__isnull=True).first()
    return hold or Hold.objects.create(case=case, reason="Klacht in behandeling", set_by=user)


def ensure_done_action(municipality: Any, item: Any, user: Any) -> Any:
    Action = model("casework.Action")
    done = Action.objects.filter(
        owner=municipality, status="done", agenda_item__case__municipality=municipality
    ).first()
    return done or Action.objects.create(
        agenda_item=item,
        description="Gesprek met ouders en jongere",
        owner=municipality,
        due_date=timezone.localdate(),
        status="done",
        recorded_by=user,
    )


def ensure_open_action(municipality: Any, item: Any, user: Any) -> Any:
    Action = model("casework.Action")
    found = Action.objects.filter(
        owner=municipality, status="open", agenda_item__case__municipality=municipality
    ).first()
    return found or Action.objects.create(
        agenda_item=item,
        description="Mentor zoeken",
        owner=municipality,
        due_date=timezone.localdate(),
        recorded_by=user,
    )


def ensure_sandbox_meeting(municipality: Any, chair: Any) -> Any:
    Meeting = model("casework.Meeting")
    meeting = (
        Meeting.objects.filter(municipality=municipality, starts_at__gt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    return meeting or Meeting.objects.create(
        municipality=municipality,
        title="Casusoverleg (bench)",
        starts_at=timezone.now() + timedelta(days=60),
        location="Veiligheidshuis",
        chair=chair,
    )


# --- trusted access: four eyes, machine clients, set-up links ---------------------------------

APPLICANTS = 12
SETUP_USER = "setup.bench"


def ensure_access_requests(municipality: Any, admin: Any) -> Any:
    """Requests for roles that reach personal data, asked by the administrator and waiting for a
    second person (the coordinator decides them); the oldest is the one the variants open."""
    Request, Role = model("accounts.AccessRequest"), model("accounts.Role")
    partner = _partner(municipality, "youth_care")
    role = Role.objects.get(code="case_table_member")
    for n in range(APPLICANTS):
        subject = _role_user(f"applicant{n}.bench", partner, "")
        if not Request.objects.filter(subject=subject, status="pending").exists():
            request = Request.objects.create(
                kind="grant",
                subject=subject,
                requested_by=admin,
                reason="Neemt deel aan de casustafel",
            )
            request.roles.add(role)
    return (
        Request.objects.filter(subject__username__startswith="applicant", status="pending")
        .order_by("requested_at", "pk")
        .first()
    )


def ensure_client(municipality: Any, admin: Any) -> Any:
    """A partner system of the police that submits signals, with a token (and two more)."""
    User, Role = model("accounts.User"), model("accounts.Role")
    Token = model("knox.AuthToken")
    police = _partner(municipality, "police")
    clients = []
    for name in ("Politie meldingen (bench)", "Zorgportaal (bench)", "Schoolsysteem (bench)"):
        client, made = User.objects.get_or_create(
            username=f"client:{name}",
            defaults={"full_name": name, "organisation": police, "is_client": True},
        )
        if made:
            client.set_unusable_password()
            client.save(update_fields=["password"])
            client.roles.add(Role.objects.get(code="client_submit_signals"))
            Token.objects.create(user=client, expiry=timedelta(days=300), prefix="samen_")
        clients.append(client)
    return clients[0]


def setup_token(municipality: Any, admin: Any) -> str:
    """A fresh, usable set-up link for an account without personal data; the token. Opening
    it and posting an empty form leave it usable."""
    import hashlib

    SetupLink = model("accounts.SetupLink")
    user = _role_user(SETUP_USER, municipality, "")
    SetupLink.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    SetupLink.objects.create(
        user=user,
        # Only a hash is kept, as samen.accounts.actions keeps it.
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        created_by=admin,
        expires_at=timezone.now() + timedelta(hours=24),
    )
    return token


# --- the knowledge hub ---------------------------------------------------------------------------

HUB_WORDS = {
    "nl": "ouders opvoeding school scholen onderwijs jongeren wijk gemeente politie zorg "
    "radicalisering polarisatie signalen training docenten moeders vaders gezin online sociale "
    "media propaganda terugkeerders werk dialoog moskee jongerenwerk casusoverleg preventie "
    "weerbaarheid netwerk sleutelfiguren plan actie budget subsidie samenwerking integratie",
    "en": "parents parenting school schools education young people youth district council "
    "police care radicalisation polarisation signs training teachers mothers fathers family "
    "online social media propaganda returnees work dialogue mosque outreach prevention "
    "resilience network key figures plan action budget funding partnership integration",
    "fr": "parents éducation école écoles enseignement jeunes quartier mairie police soins "
    "radicalisation polarisation signaux formation enseignants mères pères famille en ligne "
    "réseaux sociaux propagande travail dialogue mosquée prévention résilience réseau plan "
    "action budget subvention partenaires partenariat intégration",
}
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def _pseudo_word(n: int) -> str:
    parts = []
    for _ in range(2 + n % 3):
        n, digit = divmod(n, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts)


# The rest of each text: invented words with a Zipf distribution, as words are in real text.
LEXICON = [_pseudo_word(n * 7919 + 13) for n in range(20_000)]
_WEIGHTS = list(accumulate(1 / rank for rank in range(1, len(LEXICON) + 1)))
BROADEST_WORD = LEXICON[0]


def _sentence(rng: random.Random, language: str, words: int) -> str:
    domain = HUB_WORDS[language].split()
    chosen = [
        rng.choice(domain) if rng.random() < 0.05 else rng.choices(LEXICON, cum_weights=_WEIGHTS)[0]
        for _ in range(words)
    ]
    return " ".join(chosen).capitalize() + "."


def ensure_hub(documents: int) -> int:
    """``documents`` documents of three sections each in nl, en and fr, then the search index
    rebuilt (``samen hub-reindex``). Returns how many documents were added."""
    Document, Section = model("hub.Document"), model("hub.Section")
    have = Document.objects.filter(source_name__startswith="bench-").count()
    if have >= documents:
        return 0
    rng = random.Random(2026 + have)
    languages = list(HUB_WORDS)
    made = Document.objects.bulk_create(
        Document(
            title=f"Document {n}",
            language=languages[n % 3],
            source_format="text",
            source_name=f"bench-{n}.txt",
        )
        for n in range(have, documents)
    )
    sections = [
        Section(
            document=document,
            position=position,
            heading=_sentence(rng, document.language, 3)[:-1],
            level=1,
            body=" ".join(_sentence(rng, document.language, rng.randint(8, 18)) for _ in range(6)),
        )
        for document in made
        for position in range(3)
    ]
    Section.objects.bulk_create(sections, batch_size=2000)
    call_command("hub_reindex")
    return len(made)


def ensure_hub_pages(municipality_name: str) -> tuple[list[Any], Any, Any]:
    Profile, Practice, Concept = (
        model("hub.CityProfile"),
        model("hub.Practice"),
        model("hub.Concept"),
    )
    profiles = []
    for city, country in (("Benchstad", "NL"), ("Benchville", "BE")):
        profile, _ = Profile.objects.get_or_create(
            slug=city.lower(),
            defaults={
                "city": city,
                "country": country,
                "population": 350_000,
                "background": "Een stad met een lokale aanpak van radicalisering. " * 20,
                "local_overview": "Casusoverleg, meldpunt en preventie in de wijken. " * 20,
                "language": "nl",
            },
        )
        profiles.append(profile)
    practice, _ = Practice.objects.get_or_create(
        title="Weerbaarheidstraining voor ouders",
        defaults={"description": "Een training voor ouders. " * 30, "language": "nl"},
    )
    concept = Concept.objects.order_by("pk").first()
    if concept is None:
        raise SystemExit("the thesaurus is empty: its migration did not run")
    return profiles, practice, concept


# --- fixtures, sessions and the plan -------------------------------------------------------------


@dataclass
class Fixtures:
    """The objects and numbers the catalogue's variants use (see ``catalogue.py``)."""

    municipality: Any
    users: dict[str, Any]
    hubeditor: Any
    password: str
    police_org: Any
    signal: Any
    new_signal: Any
    case: Any
    sandbox_case: Any
    closed_case: Any
    review: Any
    participation: Any
    intervention: Any
    attachment: Any
    person: Any
    meeting: Any
    item: Any
    sandbox_meeting: Any
    done_action: Any
    open_action: Any
    criterion: Any
    tree: Any
    answer: Any
    hold: Any
    profile: Any
    profile_slugs: list[str]
    practice: Any
    document: Any
    concept: Any
    broad_word: str
    audit_since: str
    audit_until: str
    audit_org: str
    audit_label: str
    audit_request: str
    users_last_page: int = 1
    organisations_last_page: int = 1
    audit_middle: int = 0
    documents_last_page: int = 1
    # Trusted access (issue 12) and the prevention programme (issue 9).
    district: Any = None
    access_request: Any = None
    client: Any = None
    setup_token: str = ""
    programme: Any = None
    # Experts and providers (issue 11, point 4): an open order on the measured case.
    expert_order: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def _last(count: int, per_page: int) -> int:
    return max(1, math.ceil(count / per_page))


def _richest_case(municipality: Any) -> Any:
    Case = model("casework.Case")
    return (
        Case.objects.filter(municipality=municipality, phase="monitoring")
        .filter(interventions__isnull=False)
        .annotate(n=Count("notes", distinct=True))
        .order_by("-n", "pk")
        .first()
        or Case.objects.filter(municipality=municipality, interventions__isnull=False)
        .order_by("pk")
        .first()
    )


def fixtures(size: Size) -> Fixtures:
    Case, Signal, Meeting = (
        model("casework.Case"),
        model("casework.Signal"),
        model("casework.Meeting"),
    )
    Organisation, AuditEntry = model("accounts.Organisation"), model("audit.AuditEntry")
    rng = random.Random(size.name)
    municipality = largest_municipality()
    users = {
        "coordinator": _user(municipality, "chair"),
        "police": _user(municipality, "case_table_member", ("police",)),
        "analyst": _user(municipality, "analyst"),
        "dpo": _user(municipality, "dpo"),
        "admin": _user(municipality, "administrator"),
        "enrolling": _user(municipality, "case_table_member", ("youth_care",)),
    }
    # A lead ("trekker") of programme actions at a partner: that role alone.
    users["lead"] = _role_user("lead.bench", _partner(municipality, "youth_care"), "programme_lead")
    # An expert at a partner (issue 11, point 4): that role alone.
    users["expert"] = _role_user("expert.bench", _partner(municipality, "mental_health"), "expert")
    password = secrets.token_urlsafe(16)  # the hub editor's, for the login test of this run
    hubeditor = _role_user("hubeditor.bench", municipality, "hub_editor", password)
    made = ensure_persons(rng)
    if made:
        say(f"{made} persons for the cases")
    case = _richest_case(municipality)
    if case is None:
        raise SystemExit(f"{municipality.name} has no case with an intervention")
    closed = list(
        Case.objects.filter(municipality=municipality, phase="closed", reviews__isnull=False)
        .exclude(pk=case.pk)
        .order_by("opened_at")
        .distinct()[:3]
    )
    if not closed:
        raise SystemExit(f"{municipality.name} has no closed case with a review")
    # The measured case's person has years of history: two earlier, closed cases too.
    for earlier in closed[1:]:
        if earlier.person_id != case.person_id:
            earlier.person_id = case.person_id
            earlier.save(update_fields=["person"])
    person_cases = [case, *closed[1:]]
    staff = [users["coordinator"], users["police"], users["enrolling"]]
    added = ensure_history(case.person, person_cases, staff, size.history_entries)
    if added:
        say(f"{added} audit entries of the history of person {case.person_id}")
    sandbox = (
        Case.objects.filter(municipality=municipality, phase="plan")
        .exclude(pk__in=[c.pk for c in person_cases])
        .order_by("pk")
        .first()
    )
    meeting = (
        Meeting.objects.filter(municipality=municipality, starts_at__lt=timezone.now())
        .annotate(n=Count("agenda_items"))
        .order_by("-n", "-starts_at")
        .first()
    )
    if sandbox is None or meeting is None:
        raise SystemExit(f"{municipality.name} lacks a case in the plan phase or a past meeting")
    item = meeting.agenda_items.order_by("position", "pk").first()
    tree, answer = ensure_tree(municipality)
    profiles, practice, concept = ensure_hub_pages(municipality.name)
    added = ensure_hub(size.documents)
    if added:
        say(f"{added} hub documents, search index rebuilt")
    Document = model("hub.Document")
    audit_count = AuditEntry.objects.count()
    # An entry the data protection officer sees, half-way the log: the boundary of a page of
    # the middle (keyset pagination) and the request id filtered on.
    middle = (
        policy.audit_entries_visible_to(users["dpo"])
        .filter(id__gte=audit_count // 2)
        .order_by("id")
        .first()
    )
    today = timezone.localdate()
    coordinator = users["coordinator"]
    programme = ensure_programme(municipality, coordinator, users["lead"], size.programme_scale)
    return Fixtures(
        municipality=municipality,
        users=users,
        hubeditor=hubeditor,
        password=password,
        police_org=users["police"].organisation,
        signal=Signal.objects.filter(municipality=municipality, status="admitted")
        .order_by("-received_at")
        .first(),
        new_signal=Signal.objects.filter(municipality=municipality, status="new")
        .order_by("-received_at")
        .first(),
        case=case,
        sandbox_case=sandbox,
        closed_case=closed[0],
        review=closed[0].reviews.order_by("pk").first(),
        participation=case.participations.filter(removed_at__isnull=True)
        .exclude(organisation=municipality)
        .order_by("pk")
        .first(),
        intervention=case.interventions.order_by("pk").first(),
        attachment=ensure_attachment(case, coordinator),
        person=model("casework.Person").objects.get(pk=case.person_id),
        meeting=meeting,
        item=item,
        sandbox_meeting=ensure_sandbox_meeting(municipality, coordinator),
        done_action=ensure_done_action(municipality, item, coordinator),
        open_action=ensure_open_action(municipality, item, coordinator),
        criterion=model("casework.WeighingCriterion")
        .objects.filter(municipality=municipality)
        .order_by("pk")
        .first(),
        tree=tree,
        answer=answer,
        hold=ensure_hold(sandbox, users["dpo"]),
        profile=profiles[0],
        profile_slugs=[p.slug for p in profiles],
        practice=practice,
        document=Document.objects.filter(source_name__startswith="bench-").order_by("pk").first(),
        concept=concept,
        broad_word=BROADEST_WORD,
        audit_since=(today - timedelta(days=60)).isoformat(),
        audit_until=(today - timedelta(days=31)).isoformat(),
        audit_org="Politie",
        audit_label=case.reference,
        audit_request=middle.request_id if middle is not None else "",
        users_last_page=_last(model("accounts.User").objects.count(), 50),
        organisations_last_page=_last(Organisation.objects.count(), 50),
        audit_middle=middle.pk if middle is not None else 0,
        documents_last_page=_last(Document.objects.count(), 25),
        district=model("casework.District")
        .objects.filter(municipality=municipality)
        .order_by("position", "pk")
        .first(),
        access_request=ensure_access_requests(municipality, users["admin"]),
        client=ensure_client(municipality, users["admin"]),
        setup_token=setup_token(municipality, users["admin"]),
        programme=programme,
        expert_order=ensure_expert_order(municipality, case, coordinator, users["expert"]),
    )


def session_for(user: Any | None, *, verified: bool = True, **data: Any) -> str:
    """A database session as a login leaves it (second factor passed when ``verified``)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    store = SessionStore()
    if user is not None:
        store["_auth_user_id"] = str(user.pk)
        # The backend a password login records (settings.AUTHENTICATION_BACKENDS): a session
        # naming a backend not listed there is anonymous.
        store["_auth_user_backend"] = "samen.accounts.backends.LocalAccountBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        if verified:
            Device = model("otp_totp.TOTPDevice")
            device = Device.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = Device.objects.create(user=user, name="bench", confirmed=True)
            store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    for key, value in data.items():
        store[key] = value
    store.set_expiry(12 * 3600)  # a run is long; expiry has no cost of its own per request
    store.create()
    return str(store.session_key)


def sessions(fx: Fixtures, intake_clients: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        role: session_for(user) for role, user in fx.users.items() if role != "enrolling"
    }
    # A user who has not set up the second factor yet: no confirmed authenticator.
    model("otp_totp.TOTPDevice").objects.filter(user=fx.users["enrolling"]).delete()
    result["enrolling"] = session_for(fx.users["enrolling"], verified=False)
    result["hubeditor"] = session_for(fx.hubeditor, verified=False)
    result["follow_up"] = session_for(None, **{FOLLOW_UP_SESSION_KEY: fx.signal.pk})
    result["anonymous"] = None
    intake_user = _intake_user()
    result["intake"] = [session_for(intake_user) for _ in range(intake_clients)]
    return result


def _intake_user() -> Any:
    Organisation = model("accounts.Organisation")
    municipality, _ = Organisation.objects.get_or_create(
        name=INTAKE_MUNICIPALITY,
        defaults={"kind": "municipality", "covenant_signed": True},
    )
    model("casework.District").objects.get_or_create(
        municipality=municipality, name=INTAKE_DISTRICT
    )
    return _role_user("intake.bench", municipality, "advisor")


def _throwaways(kind: str, n: int, fx: Fixtures) -> Iterator[dict[str, Any]]:
    """Objects that a request deletes, one for each request, made afresh for each run."""
    tag = f"{THROWAWAY}-{secrets.token_hex(3)}"
    if kind == "hub_profile":
        Profile = model("hub.CityProfile")
        for k in range(n):
            p = Profile.objects.create(
                slug=f"{tag}-{k}", city=f"Wegwerpstad {k}", country="NL", language="nl"
            )
            yield {"kwargs": {"slug": p.slug}}
    elif kind == "hub_practice":
        Practice = model("hub.Practice")
        for k in range(n):
            p = Practice.objects.create(title=f"{tag}-{k}", description="Wegwerp.", language="nl")
            yield {"kwargs": {"pk": p.pk}}
    elif kind == "hub_document":
        Document, Section = model("hub.Document"), model("hub.Section")
        for k in range(n):
            d = Document.objects.create(
                title=f"{tag}-{k}", language="nl", source_format="text", source_name=f"{tag}-{k}"
            )
            Section.objects.create(document=d, position=0, heading="Wegwerp", level=1, body="x")
            yield {"kwargs": {"pk": d.pk}}
    elif kind == "hub_concept":
        Concept = model("hub.Concept")
        for k in range(n):
            c = Concept.objects.create(
                code=f"{tag}-{k}",
                label_nl=f"Wegwerp {k}",
                label_en=f"Throwaway {k}",
                label_fr=f"Jetable {k}",
            )
            yield {"kwargs": {"pk": c.pk}}
    elif kind == "logout":
        for _ in range(n):
            yield {"session": session_for(fx.users["coordinator"])}
    else:  # pragma: no cover - a pool named in the catalogue and not here
        raise SystemExit(f"unknown pool {kind!r}")


def remove_throwaways() -> None:
    """Objects made for an earlier run that it did not use up."""
    model("hub.CityProfile").objects.filter(slug__startswith=THROWAWAY).delete()
    model("hub.Practice").objects.filter(title__startswith=THROWAWAY).delete()
    model("hub.Document").objects.filter(title__startswith=THROWAWAY).delete()
    model("hub.Concept").objects.filter(code__startswith=THROWAWAY).delete()


def dataset() -> dict[str, int]:
    counts = {
        "municipalities": ("accounts.Organisation", {"kind": "municipality"}),
        "users": ("accounts.User", {}),
        "signals": ("casework.Signal", {}),
        "cases": ("casework.Case", {}),
        "persons": ("casework.Person", {}),
        "meetings": ("casework.Meeting", {}),
        "audit entries": ("audit.AuditEntry", {}),
        "hub documents": ("hub.Document", {}),
        "hub search entries": ("hub.SearchEntry", {}),
    }
    return {
        name: model(label).objects.filter(**where).count()
        for name, (label, where) in counts.items()
    }


def plan(size: Size, requests_per_variant: int, intake_clients: int) -> dict[str, Any]:
    """Build the fixtures and write nothing: the plan as a JSON-ready dict."""
    missing, unknown = missing_urls()
    if missing or unknown:
        raise SystemExit(
            "the benchmark's catalogue does not match the URL conf: "
            f"URLs without a variant {missing}; variants of unknown URLs {unknown} "
            "(samen/operations/bench/catalogue.py)"
        )
    remove_throwaways()
    fx = fixtures(size)
    keys = sessions(fx, intake_clients)
    entries = [_entry(FLOOR_NAME, FLOOR, fx, keys, 0, floor=True)]
    for name, variants in CATALOGUE.items():
        for variant in variants:
            entries.append(_entry(name, variant, fx, keys, requests_per_variant))
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return {
        "size": size.name,
        "database": connection.vendor,
        "municipality": fx.municipality.name,
        "dataset": dataset(),
        "cookies": {"session": settings.SESSION_COOKIE_NAME, "csrf": settings.CSRF_COOKIE_NAME},
        "csrf": csrf,
        "entries": entries,
        "intake": {
            "path": "/api/v1/signals",
            "sessions": keys["intake"],
            "municipality": INTAKE_MUNICIPALITY,
            "district": INTAKE_DISTRICT,
        },
    }


def _entry(
    name: str, variant: Any, fx: Fixtures, keys: dict[str, Any], n: int, floor: bool = False
) -> dict[str, Any]:
    pool = None
    if variant.pool:
        pool = [
            {
                "path": path_of(name, variant, fx, override.get("kwargs")),
                "session": override.get("session", keys[variant.role]),
            }
            for override in _throwaways(variant.pool, n, fx)
        ]
    return {
        "name": name,
        "label": variant.label,
        "floor": floor,
        "method": variant.method,
        "path": None if variant.pool else path_of(name, variant, fx),
        "role": variant.role,
        "session": keys[variant.role],
        "data": data_of(variant, fx) if variant.method == "POST" else None,
        "json": variant.json,
        "expect": variant.expect,
        "pool": pool,
    }


def intake_check(references: list[str], delete: bool) -> dict[str, int]:
    """How many acknowledged signals are in the database; then remove them (only those of the
    intake municipality), so the next run finds the data as before."""
    Signal = model("casework.Signal")
    found = Signal.objects.filter(reference__in=references)
    result = {"acknowledged": len(set(references)), "found": found.count()}
    if delete:
        with transaction.atomic():
            found.filter(municipality__name=INTAKE_MUNICIPALITY).delete()
    return result
