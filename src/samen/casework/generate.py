"""Fictional casework data at scale, for ``samen generate --municipalities 50 ...`` (the
command only reads its options and calls ``generate``).

For benchmarks and load tests, never for production (refused there unless ``--force``). All
names are invented from small word lists; no real person, place or organisation is meant.

Rows are written with ``bulk_create`` in batches and explicit primary keys, so that references
(``S-2026-00042``) can be derived from the key as ``casework.actions`` does, without a second
pass. Encrypted columns are encrypted by the field as usual. Dates that the models fill in
themselves (``auto_now_add``) are taken as given here, so the history is spread over time.
The audit entries form a valid hash chain that continues the existing one.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from itertools import accumulate, pairwise
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone, translation

from samen.accounts.models import Organisation, Role, User
from samen.audit import registry
from samen.audit.models import AuditEntry
from samen.audit.services import append_entries
from samen.casework.lifecycle import (
    ClosingReason,
    ConcernLevel,
    ConsentBy,
    Domain,
    Ideology,
    InterventionStatus,
    LifeDomain,
    Phase,
)
from samen.casework.models import (
    OUTCOME_STATUS,
    Action,
    AgendaItem,
    Attendance,
    Case,
    CaseNote,
    CaseParticipation,
    ClosureRequest,
    ConcernAssessment,
    Decision,
    District,
    DomainAssessment,
    Goal,
    Intervention,
    Meeting,
    Person,
    PersonRelation,
    PhaseChange,
    PlanApproval,
    Referral,
    Review,
    Signal,
    SignalAddition,
    Weighing,
    WeighingCriterion,
)
from samen.core import generations, personal_data
from samen.core.blind_index import blind_index, person_indexes
from samen.core.maintenance import after_bulk_load

# Registered personal-data models the generator leaves out, and why. Every other model of the
# registry (samen.core.personal_data) gets rows: a new one fails `samen generate` until it is
# generated here or listed with its reason.
NOT_GENERATED = {
    "casework.attachment": "files live encrypted on disk; the benchmark measures pages",
    "casework.legalhold": "a rare decision taken by hand for one case",
    # casework: second round (issue 11)
    "casework.joinedsignal": "a later signal added to an open case by hand; its timeline "
    "query runs on every case page anyway",
    "casework.travelstatus": "rare (a few persons a year); one query on every case page",
    "casework.informingdecision": "one or two per case, by hand; one query on every case page",
    "casework.caselink": "a few families and groups, by hand; one query on every case page",
    "casework.reporterfeedback": "a few lines per handled signal, shown on pages the benchmark "
    "does not measure (the signal page reads it in one query)",
    "casework.handover": "a few rows per closed case, by hand; one query on every case page",
    "casework.casetransfer": "a few a year, by hand; one query on every case page",
    "casework.expertorder": "a few a year, by hand; one query on every case page (the benchmark "
    "prepares one open order for the expert's pages)",
    "casework.knownelsewherenotice": "one row per signal and other municipality on a match; the "
    "coordinator's start page reads the ten newest in one query",
    "programme.contactperson": "the programme's network is not part of the casework benchmark",
    "programme.keyfigure": "the programme's network is not part of the casework benchmark",
    "programme.trainingparticipant": "the programme's trainings are not part of the benchmark",
}

BATCH = 2000
AUDIT_CHUNK = 50_000  # audit entries per transaction
HISTORY_DAYS = 730

# --- invented words ------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


PLACE_HEADS = _words(
    "Beek Zand Hoog Laag Wester Ooster Noorder Zuider Brug Dijk Veen Molen Kerk Hazel Linde "
    "Eiken Berken Vlier Riet Klaver Heide Weide Kreek Duin Sluis Haven Water Bosch Ham Vaart"
)
PLACE_TAILS = _words("dam dorp veen hoven wijk burg stad horst loo rode meer berg drecht zijl")
FIRST_NAMES = _words(
    "Aylin Bram Chaimae Daan Elif Finn Gijs Hanna Ilias Jesse Kiki Lars Mila Noah Olivia Pim "
    "Quinten Rayan Sara Teun Umut Vera Wout Yara Zeynep Amir Bo Cas Dewi Emre Femke Hamza Isa "
    "Jara Koen Lotte Mees Nora Owen Puck Rik Selin Tijn Ilse Vince Wessel Youssef Zoë"
)
SURNAME_HEADS = _words("Ber Dal Hoog Kam Lin Mol Ost Ree Sla Ter Vel Wes Bor Gel Hul Kor Mun Pel")
SURNAME_TAILS = _words("kamp horst man inga ens hof beek veld stra dijk hout werf laar mond")
INFIXES = ("", "", "", "van ", "de ", "van der ", "ten ")
DISTRICTS = ("Centrum", "Noord", "Oost", "Zuid", "West", "Haven", "Buitenwijk", "Oude Dorp")
OBSERVATIONS = (
    "Deelt online filmpjes van een haatprediker",
    "Spreekt over 'de ware strijd' en zondert zich af",
    "Heeft contact met een online rekruteerder",
    "Tekent symbolen van een extremistische groep in schriften",
    "Zegt dat de overheid 'zal boeten'",
    "Is de baan kwijt en praat niet meer met de familie",
    "Verspreidt pamfletten tegen 'het systeem'",
    "Maakt opmerkingen over 'omvolking' in de klas",
    "Zoekt steeds vaker een groep rond een straatprediker op",
    "Plaatst berichten die geweld verheerlijken",
    "Spreekt over reisplannen naar een conflictgebied",
    "Toont interesse in wapens en aanslagen",
    "Verzuimt veel van school en zoekt naar complotfilmpjes",
    "Klasgenoten voelen zich onveilig",
    "Ouders maken zich zorgen en vragen om advies",
)
REASONS = (
    "Meerdere partners zien dezelfde zorgen.",
    "Zorgen over mogelijke radicalisering; persoonsgerichte aanpak nodig.",
    "Vooral psychische klachten; geen ideologische motivatie.",
    "Te weinig concreet om te wegen; melder gevraagd om voorbeelden.",
    "Religieuze beleving is geen radicalisering; advies gegeven.",
    "Concrete dreiging: direct overgedragen aan de politie.",
)
NOTES = (
    "Gesprek met ouders gevoerd; zij willen meewerken.",
    "School meldt beter verzuim sinds de mentor er is.",
    "Online contacten zijn in beeld bij de politie.",
    "Begeleiding naar werk loopt; eerste sollicitatie gedaan.",
    "Hulpverlening GGZ gestart; afspraken worden nagekomen.",
    "Geen nieuwe signalen ontvangen de afgelopen weken.",
)
GOALS = (
    "Maakt de opleiding af en heeft een vaste mentor.",
    "Het contact met de rekruteerder is verbroken.",
    "Heeft een stabiele woonsituatie.",
    "Heeft werk of een dagbesteding.",
    "Het gezin krijgt ondersteuning bij de opvoeding.",
)
DECISIONS = (
    "Persoonsgerichte aanpak starten; jeugdzorg zoekt contact met de ouders.",
    "Externe duiding aanvragen; GGZ beoordeelt de hulpvraag.",
    "Plan ongewijzigd voortzetten; over zes weken opnieuw bespreken.",
    "Mentor koppelen via het wijkteam.",
    "Nazorg afspreken en casus voorbereiden op afsluiten.",
)
ACTIONS = (
    "Gesprek met ouders en jongere",
    "Intake bij de GGZ plannen",
    "Mentor koppelen via het wijkteam",
    "Informatie opvragen bij school",
    "Voortgang terugkoppelen aan het casusoverleg",
)

# Partner organisations of each municipality: name pattern, kind, covenant signed.
PARTNERS = (
    ("Politie basisteam {}", Organisation.Kind.POLICE, True),
    ("Openbaar Ministerie {}", Organisation.Kind.PROSECUTOR, True),
    ("Jeugdzorg {}", Organisation.Kind.YOUTH_CARE, True),
    ("GGZ {}", Organisation.Kind.MENTAL_HEALTH, True),
    ("Wijkteam {}", Organisation.Kind.NEIGHBOURHOOD_TEAM, True),
    ("Raad voor de Kinderbescherming {}", Organisation.Kind.CHILD_PROTECTION, True),
    ("Reclassering {}", Organisation.Kind.PROBATION, True),
    ("Het {} College", Organisation.Kind.SCHOOL, False),
    ("Stichting Buurtwerk {}", Organisation.Kind.COMMUNITY, False),
)
# The default accounts of each municipality: key, organisation kind, roles.
ACCOUNTS = (
    (
        "coordinator",
        Organisation.Kind.MUNICIPALITY,
        ("advisor", "weighing_team", "chair", "case_manager"),
    ),
    ("police", Organisation.Kind.POLICE, ("weighing_team", "case_table_member")),
    ("youthcare", Organisation.Kind.YOUTH_CARE, ("case_table_member",)),
    ("casemanager", Organisation.Kind.NEIGHBOURHOOD_TEAM, ("case_manager",)),
    ("analyst", Organisation.Kind.MUNICIPALITY, ("analyst",)),
    ("dpo", Organisation.Kind.MUNICIPALITY, ("dpo",)),
    ("admin", Organisation.Kind.MUNICIPALITY, ("administrator",)),
)

# Statuses of signals that were not admitted, with their weights; every status occurs first.
OTHER_STATUSES = (
    (Signal.Status.NEW, 10),
    (Signal.Status.MORE_INFO, 5),
    (Signal.Status.CLOSED, 45),
    (Signal.Status.REFERRED, 35),
    (Signal.Status.POLICE, 5),
)
STATUS_OUTCOME = {status: outcome for outcome, status in OUTCOME_STATUS.items()}
PHASES = (
    (Phase.ADMITTED, 15),
    (Phase.ASSESSMENT, 20),
    (Phase.PLAN, 15),
    (Phase.MONITORING, 20),
    (Phase.AFTERCARE, 10),
    (Phase.CLOSED, 20),
)
# The way through the phases up to each phase (closing follows from the last open one).
PATH = (Phase.ADMITTED, Phase.ASSESSMENT, Phase.PLAN, Phase.MONITORING, Phase.AFTERCARE)
CHANNELS = (
    (Signal.Channel.PUBLIC_FORM, 45),
    (Signal.Channel.PARTNER_FORM, 30),
    (Signal.Channel.PHONE, 15),
    (Signal.Channel.VISIT, 7),
    (Signal.Channel.API, 3),
)
# Audit actions of generated history, with weights: mostly reads, as in real use.
AUDIT_MIX = (
    ("casework.case.view", 28, "case"),
    ("casework.signal.view", 14, "signal"),
    ("casework.case.list", 10, "cases"),
    ("casework.signal.list", 9, "signals"),
    ("casework.meeting.view", 5, "meeting"),
    ("casework.meeting.list", 3, "meetings"),
    ("casework.my_actions", 5, "cases"),
    ("accounts.login", 9, ""),
    ("accounts.logout", 5, ""),
    ("casework.case.note", 3, "case"),
    ("casework.case.plan", 2, "case"),
    ("casework.signal.weigh", 2, "signal"),
    ("casework.case.phase", 1, "case"),
    ("casework.meeting.decision", 2, "case"),
    ("casework.meeting.action", 2, "case"),
)


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([c[0] for c in choices], weights=[c[1] for c in choices])[0]


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` over the weights exactly (largest remainder)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


@contextmanager
def _dates_as_given(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the dates we set instead of stamping every row with now()."""
    changed: list[tuple[Any, bool, bool]] = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                changed.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Ids:
    """Explicit primary keys, continuing after the rows already in the table."""

    def __init__(self, model: type[models.Model]) -> None:
        self.next = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1

    def take(self) -> int:
        pk = self.next
        self.next += 1
        return pk


@dataclass
class _Town:
    """One generated municipality: its organisations and accounts."""

    municipality: Organisation
    partners: dict[str, Organisation]
    users: dict[str, User]
    criteria: list[int] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    signals: list[tuple[int, str]] = field(default_factory=list)  # (id, reference)
    cases: list[tuple[int, str]] = field(default_factory=list)
    meetings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def signed(self) -> list[Organisation]:
        return [o for o in self.partners.values() if o.covenant_signed]


class GenerateError(ValueError):
    """Counts that cannot make a consistent data set, or a registry the generator misses."""


@dataclass(frozen=True)
class Counts:
    municipalities: int = 1
    signals: int = 2000
    cases: int = 400
    meetings: int = 30
    audit_entries: int = 50_000


def generate(
    counts: Counts, *, seed: int = 2026, password: str = "", say: Callable[[str], None] = print
) -> dict[str, int]:
    """Write the fictional data set of ``counts`` (the same data for the same seed; accounts
    log in with ``password`` when one is given) and return the number of rows per kind."""
    return _Generator(say).run(counts, seed, password)


class _Generator:
    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say

    def run(self, counts: Counts, seed: int, password_text: str) -> dict[str, int]:
        if min(counts.signals, counts.cases, counts.meetings, counts.audit_entries) < 0 or (
            counts.municipalities < 1
        ):
            raise GenerateError("counts cannot be negative; at least one municipality")
        if counts.cases > counts.signals:
            raise GenerateError("every case comes from a signal: --cases cannot exceed --signals")
        self._check_registry()
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.started = time.monotonic()
        self.totals: dict[str, int] = {}
        self.status_counter = 0
        self.phase_counter = 0
        password = make_password(password_text or None)

        towns = self._towns(counts.municipalities, password)
        # Bigger and smaller places: municipality n gets a share proportional to 1/n.
        weights = [1 / (n + 1) for n in range(len(towns))]
        signals = _spread(counts.signals, weights)
        cases = _spread(counts.cases, weights)
        meetings = _spread(counts.meetings, weights)
        self.ids = {
            m: _Ids(m)
            for m in (
                Signal,
                SignalAddition,
                Weighing,
                Referral,
                Person,
                PersonRelation,
                Case,
                DomainAssessment,
                CaseParticipation,
                PhaseChange,
                ClosureRequest,
                Review,
                ConcernAssessment,
                CaseNote,
                Goal,
                Intervention,
                PlanApproval,
                Meeting,
                Attendance,
                AgendaItem,
                Decision,
                Action,
            )
        }
        with _dates_as_given(*self.ids):
            for n, town in enumerate(towns, start=1):
                with transaction.atomic():
                    self._casework(town, signals[n - 1], cases[n - 1], meetings[n - 1])
                self._progress(f"municipality {n}/{len(towns)}: {town.municipality.name}")
        self._reset_sequences()
        # Rows written with ``bulk_create`` send no model signals: every count kept between
        # requests (the yearly account's) is computed anew.
        generations.bump_all()
        self._audit(towns, counts.audit_entries)
        # Planner statistics for the new rows (a PostgreSQL without autovacuum has none), and
        # on PostgreSQL the visibility map that index-only scans need (core.maintenance).
        statement = after_bulk_load()
        self._progress(f"after the load: {statement}")
        self.say("generated: " + ", ".join(f"{v} {k}" for k, v in self.totals.items()))
        self.say(f"done in {time.monotonic() - self.started:.1f} s")
        return self.totals

    # --- helpers ---------------------------------------------------------------------------

    def _check_registry(self) -> None:
        generated = {
            m._meta.label_lower
            for m in (
                Signal,
                SignalAddition,
                Weighing,
                Person,
                PersonRelation,
                Case,
                Referral,
                CaseParticipation,
                PhaseChange,
                ClosureRequest,
                Review,
                ConcernAssessment,
                CaseNote,
                DomainAssessment,
                Goal,
                Intervention,
                PlanApproval,
                AgendaItem,
                Decision,
                Action,
            )
        }
        missing = {e.label for e in personal_data.entries()} - generated - set(NOT_GENERATED)
        if missing:
            raise GenerateError(
                f"samen generate makes no rows for {sorted(missing)}: generate them or list them "
                "in NOT_GENERATED with the reason"
            )

    def _progress(self, message: str) -> None:
        self.say(f"[{time.monotonic() - self.started:7.1f} s] {message}")

    def _count(self, name: str, n: int) -> None:
        self.totals[name] = self.totals.get(name, 0) + n

    def _save(self, model: type[models.Model], rows: list[Any]) -> None:
        model._default_manager.bulk_create(rows, batch_size=BATCH)
        with translation.override("en"):
            self._count(str(model._meta.verbose_name_plural), len(rows))

    def _person(self) -> str:
        rng = self.rng
        surname = rng.choice(SURNAME_HEADS) + rng.choice(SURNAME_TAILS)
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(INFIXES)}{surname}"

    def _moment(self, after: datetime, before: datetime | None = None) -> datetime:
        before = before or self.now - timedelta(hours=1)
        if before <= after:
            return after
        span = (before - after).total_seconds()
        return after + timedelta(seconds=self.rng.uniform(0, span))

    def _text(self, pool: Sequence[str], parts: int = 1) -> str:
        return " ".join(self.rng.sample(pool, parts))

    # --- organisations and users -----------------------------------------------------------

    def _place_names(self, n: int) -> list[str]:
        taken = set(Organisation.objects.values_list("name", flat=True))
        names = [h + t for h in PLACE_HEADS for t in PLACE_TAILS]
        self.rng.shuffle(names)
        chosen: list[str] = []
        round_ = 1
        while len(chosen) < n:
            for name in names:
                candidate = name if round_ == 1 else f"{name} {round_}"
                if f"Gemeente {candidate}" not in taken and candidate not in chosen:
                    chosen.append(candidate)
                    if len(chosen) == n:
                        break
            round_ += 1
        return chosen

    @transaction.atomic
    def _towns(self, n: int, password: str) -> list[_Town]:
        roles = {role.code: role for role in Role.objects.all()}
        towns: list[_Town] = []
        signed_on = date(2024, 3, 1)
        for place in self._place_names(n):
            municipality = Organisation.objects.create(
                name=f"Gemeente {place}",
                kind=Organisation.Kind.MUNICIPALITY,
                covenant_signed=True,
                covenant_signed_on=signed_on,
            )
            partners: dict[str, Organisation] = {
                str(kind): Organisation(
                    name=pattern.format(place),
                    kind=kind,
                    municipality=municipality,
                    covenant_signed=signed,
                    covenant_signed_on=signed_on if signed else None,
                )
                for pattern, kind, signed in PARTNERS
            }
            Organisation.objects.bulk_create(partners.values())
            by_name = {o.name: o for o in Organisation.objects.filter(municipality=municipality)}
            partners = {k: by_name[o.name] for k, o in partners.items()}
            orgs: dict[str, Organisation] = {str(municipality.kind): municipality, **partners}
            slug = place.lower().replace(" ", "")
            users: dict[str, User] = {}
            for key, kind, role_codes in ACCOUNTS:
                user = User(
                    username=f"{key}.{slug}",
                    full_name=self._person(),
                    email=f"{key}@{slug}.example",
                    organisation=orgs[kind],
                    password=password,
                )
                user.save()
                user.roles.set([roles[c] for c in role_codes])
                users[key] = user
            place = municipality.name.removeprefix("Gemeente ")
            districts = District.objects.bulk_create(
                District(municipality=municipality, name=f"{place}-{name}", position=n)
                for n, name in enumerate(DISTRICTS)
            )
            towns.append(_Town(municipality, partners, users, districts=list(districts)))
            self._count("organisations", len(orgs))
            self._count("users", len(users))
        self._progress(f"{n} municipalities with partners and accounts")
        return towns

    # --- signals, cases, meetings ----------------------------------------------------------

    def _casework(self, town: _Town, n_signals: int, n_cases: int, n_meetings: int) -> None:
        rng = self.rng
        criteria = [
            WeighingCriterion(municipality=town.municipality, text_nl=text, position=i)
            for i, text in enumerate(OBSERVATIONS[:5], start=1)
        ]
        WeighingCriterion.objects.bulk_create(criteria)
        town.criteria = list(
            WeighingCriterion.objects.filter(municipality=town.municipality).values_list(
                "pk", flat=True
            )
        )
        statuses = [Signal.Status.ADMITTED] * n_cases
        for _ in range(n_signals - n_cases):
            if self.status_counter < len(OTHER_STATUSES):
                statuses.append(OTHER_STATUSES[self.status_counter][0])
                self.status_counter += 1
            else:
                statuses.append(_weighted(rng, OTHER_STATUSES))
        signals = [self._signal(town, status) for status in statuses]
        self._save(Signal, signals)
        town.signals = [(s.pk, s.reference) for s in signals]
        # Information added later, by the reporter or the reporting point, to one in ten.
        self._save(
            SignalAddition,
            [
                SignalAddition(
                    pk=self.ids[SignalAddition].take(),
                    signal=signal,
                    source=rng.choice(list(SignalAddition.Source)),
                    text=self._text(OBSERVATIONS),
                    added_at=self._moment(signal.received_at),
                )
                for signal in signals
                if rng.random() < 0.1
            ],
        )
        self._weighings(town, signals)
        admitted = [s for s in signals if s.status == Signal.Status.ADMITTED]
        cases = self._cases(town, admitted)
        self._meetings(town, cases, n_meetings)

    def _signal(self, town: _Town, status: str) -> Signal:
        rng = self.rng
        pk = self.ids[Signal].take()
        oldest = self.now - timedelta(days=HISTORY_DAYS)
        if status in Signal.TO_WEIGH:  # waiting: recent, some past the weighing term
            oldest = self.now - timedelta(days=30 if status == Signal.Status.NEW else 60)
        received_at = self._moment(oldest)
        channel = _weighted(rng, CHANNELS)
        anonymous = channel == Signal.Channel.PUBLIC_FORM and rng.random() < 0.3
        reporter = None
        if channel == Signal.Channel.PARTNER_FORM:
            reporter = town.users[rng.choice(("police", "youthcare", "casemanager"))]
        has_subject = status == Signal.Status.ADMITTED or rng.random() < 0.8
        subject = self._person() if has_subject else ""
        birth = (
            date(rng.randint(1965, 2011), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            if has_subject and rng.random() < 0.7
            else ""
        )
        return Signal(
            pk=pk,
            reference=f"S-{received_at:%Y}-{pk:05d}",
            municipality=town.municipality,
            channel=channel,
            status=status,
            received_at=received_at,
            anonymous=anonymous,
            reporter_name="" if anonymous else (reporter.full_name if reporter else self._person()),
            reporter_contact="" if anonymous else f"melder{pk}@example.invalid",
            reporter_user=reporter,
            reporting_organisation=reporter.organisation if reporter else None,
            subject_name=subject,
            subject_birth_date=birth,
            district=rng.choice(town.districts),
            observation=self._text(OBSERVATIONS, 2),
            # The hash of a random receipt code nobody knows: the generated reporters never
            # come back, but the column is unique and must look like the real thing.
            receipt_code_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
            subject_index=blind_index(subject, birth) if subject else "",
        )

    def _weighings(self, town: _Town, signals: list[Signal]) -> None:
        rng = self.rng
        team = [town.users["coordinator"], town.users["police"]]
        weighings: list[Weighing] = []
        present: list[Any] = []
        criteria_met: list[Any] = []
        Present = Weighing.participants.through
        Met = Weighing.criteria_met.through
        for signal in signals:
            if signal.status == Signal.Status.NEW:
                continue
            outcome = STATUS_OUTCOME[Signal.Status(signal.status)]
            weighed_at = self._moment(signal.received_at, signal.received_at + timedelta(days=9))
            weighing = Weighing(
                pk=self.ids[Weighing].take(),
                signal=signal,
                outcome=outcome,
                reasons=self._text(REASONS),
                advice="Dank voor uw melding; wij nemen contact met u op."
                if rng.random() < 0.5
                else "",
                referred_to=town.partners[Organisation.Kind.NEIGHBOURHOOD_TEAM]
                if outcome == Weighing.Outcome.REFER_CARE
                else None,
                weighed_by=team[0] if outcome != Weighing.Outcome.ACUTE else team[1],
                weighed_at=weighed_at,
            )
            weighings.append(weighing)
            present.extend(Present(weighing_id=weighing.pk, user_id=u.pk) for u in team)
            if outcome in (Weighing.Outcome.ADMIT, Weighing.Outcome.ACUTE):
                for criterion in rng.sample(town.criteria, 2):
                    criteria_met.append(
                        Met(weighing_id=weighing.pk, weighingcriterion_id=criterion)
                    )
        self._save(Weighing, weighings)
        Present.objects.bulk_create(present, batch_size=BATCH)
        Met.objects.bulk_create(criteria_met, batch_size=BATCH)
        self._save(Referral, [self._referral(town, w) for w in weighings if w.referred_to])

    def _referral(self, town: _Town, weighing: Weighing) -> Referral:
        """The referral of a weighing "refer to regular care": most decided by the
        neighbourhood team within three weeks (a few declined), a third still open."""
        rng = self.rng
        referral = Referral(
            pk=self.ids[Referral].take(),
            signal=weighing.signal,
            municipality_id=weighing.signal.municipality_id,
            weighing=weighing,
            organisation=weighing.referred_to,
            question="Wilt u contact opnemen en hulp bieden?",
            reason=self._text(REASONS),
            referred_by=weighing.weighed_by,
            referred_at=weighing.weighed_at,
        )
        if rng.random() < 2 / 3:
            declined = rng.random() < 0.2
            referral.status = Referral.Status.DECLINED if declined else Referral.Status.ACCEPTED
            referral.decision_reason = "Geen plek." if declined else "Wij nemen contact op."
            referral.decided_by = town.users["casemanager"]
            referral.decided_at = self._moment(
                weighing.weighed_at,
                min(weighing.weighed_at + timedelta(days=20), self.now - timedelta(hours=1)),
            )
        return referral

    def _cases(self, town: _Town, admitted: list[Signal]) -> list[Case]:
        rng = self.rng
        users = town.users
        coordinator, manager = users["coordinator"], users["casemanager"]
        signed = town.signed
        core = [
            town.partners[k]
            for k in (
                Organisation.Kind.POLICE,
                Organisation.Kind.YOUTH_CARE,
                Organisation.Kind.MENTAL_HEALTH,
                Organisation.Kind.NEIGHBOURHOOD_TEAM,
            )
        ]
        cases: list[Case] = []
        rows: dict[type[models.Model], list[Any]] = {
            m: []
            for m in (
                CaseParticipation,
                PhaseChange,
                ClosureRequest,
                Review,
                ConcernAssessment,
                CaseNote,
                Goal,
                Intervention,
                PlanApproval,
            )
        }
        restricted: list[Any] = []
        persons: list[Person] = []
        relations: list[PersonRelation] = []
        assessments: list[DomainAssessment] = []
        Only = CaseNote.restricted_to.through
        for signal in admitted:
            if self.phase_counter < len(PHASES):
                phase = PHASES[self.phase_counter][0]
                self.phase_counter += 1
            else:
                phase = _weighted(rng, PHASES)
            pk = self.ids[Case].take()
            opened_at = self._moment(signal.received_at, signal.received_at + timedelta(days=14))
            person = None
            if signal.subject_name:
                name_index, name_only_index = person_indexes(
                    signal.subject_name, signal.subject_birth_date
                )
                person = Person(
                    pk=self.ids[Person].take(),
                    municipality=town.municipality,
                    name=signal.subject_name,
                    birth_date=signal.subject_birth_date,
                    gender=rng.choice(list(Person.Gender)),
                    district=signal.district,
                    name_index=name_index,
                    name_only_index=name_only_index,
                    created_at=opened_at,
                )
                persons.append(person)
                if rng.random() < 0.2:
                    relations.append(
                        PersonRelation(
                            pk=self.ids[PersonRelation].take(),
                            person=person,
                            name=self._person(),
                            kind=rng.choice(list(PersonRelation.Kind)),
                            note="",
                            added_by=manager,
                            added_at=opened_at,
                        )
                    )
            case = Case(
                pk=pk,
                reference=f"C-{opened_at:%Y}-{pk:05d}",
                municipality=town.municipality,
                origin=signal,
                subject_name=signal.subject_name,
                person=person,
                phase=phase,
                case_manager=manager if rng.random() < 0.7 else coordinator,
                opened_at=opened_at,
            )
            cases.append(case)
            # The municipality always takes part; two or three partners that signed.
            partners = [town.municipality, core[0], *rng.sample(core[1:], rng.randint(1, 2))]
            if rng.random() < 0.1:
                extra = rng.choice(signed)
                if extra not in partners:
                    partners.append(extra)
            for org in partners:
                rows[CaseParticipation].append(
                    CaseParticipation(
                        pk=self.ids[CaseParticipation].take(),
                        case=case,
                        organisation=org,
                        added_by=coordinator,
                        added_at=opened_at,
                        reason="" if org == town.municipality else "Betrokken bij de jongere.",
                    )
                )
            # The way through the phases, each move later than the one before.
            reached = PATH.index(Phase(phase)) if phase != Phase.CLOSED else rng.randint(1, 4)
            moment = opened_at
            moves: list[tuple[Phase, Phase]] = list(pairwise(PATH[: reached + 1]))
            if phase == Phase.CLOSED:
                moves.append((PATH[reached], Phase.CLOSED))
            times: dict[Phase, datetime] = {Phase.ADMITTED: opened_at}
            for from_phase, to_phase in moves:
                moment = self._moment(moment, moment + timedelta(days=60))
                times[to_phase] = moment
                closing = to_phase == Phase.CLOSED
                rows[PhaseChange].append(
                    PhaseChange(
                        pk=self.ids[PhaseChange].take(),
                        case=case,
                        from_phase=from_phase,
                        to_phase=to_phase,
                        reason="Volgende fase besproken in het casusoverleg.",
                        changed_by=manager,
                        approved_by=coordinator if closing else None,
                        changed_at=moment,
                    )
                )
            if phase == Phase.CLOSED:
                closed_at = times[Phase.CLOSED]
                rows[ClosureRequest].append(
                    ClosureRequest(
                        pk=self.ids[ClosureRequest].take(),
                        case=case,
                        closing_reason=rng.choice(list(ClosingReason)),
                        explanation="Doelen bereikt; geen zorgen meer.",
                        requested_by=manager,
                        requested_at=closed_at - timedelta(days=2),
                        decided_by=coordinator,
                        decided_at=closed_at,
                        approved=True,
                        decision_note="Eens, nazorg via reviews.",
                    )
                )
                for months in (6, 12):
                    due = (closed_at + timedelta(days=30 * months)).date()
                    done = due < self.now.date() and rng.random() < 0.8
                    rows[Review].append(
                        Review(
                            pk=self.ids[Review].take(),
                            case=case,
                            due_on=due,
                            done_at=datetime.combine(due, clock(10), UTC) if done else None,
                            done_by=manager if done else None,
                            note="Geen nieuwe zorgen." if done else "",
                        )
                    )
            if reached >= 1:  # assessed: judgements of concern, life domains, contributions
                for domain in rng.sample(list(LifeDomain), 2):
                    author = rng.choice((users["police"], users["youthcare"], manager))
                    assessments.append(
                        DomainAssessment(
                            pk=self.ids[DomainAssessment].take(),
                            case=case,
                            domain=domain,
                            risk_factors=self._text(OBSERVATIONS),
                            protective_factors=self._text(NOTES),
                            author=author,
                            organisation=author.organisation,
                            created_at=self._moment(times[Phase.ASSESSMENT]),
                        )
                    )
                for _ in range(rng.randint(1, 2)):
                    rows[ConcernAssessment].append(
                        ConcernAssessment(
                            pk=self.ids[ConcernAssessment].take(),
                            case=case,
                            ideology=rng.choice(list(Ideology)),
                            level=rng.choice(list(ConcernLevel)),
                            reasons=self._text(REASONS),
                            set_by=rng.choice((users["police"], manager, coordinator)),
                            set_at=self._moment(times[Phase.ASSESSMENT]),
                        )
                    )
            for _ in range(rng.randint(1, 3)):
                author = rng.choice((users["police"], users["youthcare"], manager))
                note = CaseNote(
                    pk=self.ids[CaseNote].take(),
                    case=case,
                    organisation=author.organisation,
                    author=author,
                    text=self._text(NOTES),
                    restricted=rng.random() < 0.15,
                    created_at=self._moment(opened_at),
                )
                rows[CaseNote].append(note)
                if note.restricted:
                    restricted.append(Only(casenote_id=note.pk, organisation_id=partners[1].pk))
            if reached >= 2:  # a plan: goals, interventions, approved from monitoring on
                planned = times[Phase.PLAN]
                for text in rng.sample(GOALS, rng.randint(1, 2)):
                    rows[Goal].append(
                        Goal(
                            pk=self.ids[Goal].take(),
                            case=case,
                            text=text,
                            created_by=manager,
                            created_at=planned,
                        )
                    )
                for _ in range(rng.randint(1, 3)):
                    starts = planned.date()
                    rows[Intervention].append(
                        Intervention(
                            pk=self.ids[Intervention].take(),
                            case=case,
                            domain=rng.choice(list(Domain)),
                            description=self._text(GOALS),
                            responsible=rng.choice(partners[1:]),
                            starts_on=starts,
                            planned_end=starts + timedelta(days=180),
                            status=InterventionStatus.RUNNING
                            if phase != Phase.CLOSED
                            else InterventionStatus.COMPLETED,
                            voluntary=True,
                            consent_given=True,
                            consent_by=rng.choice(list(ConsentBy)),
                            consent_on=starts - timedelta(days=2),
                            consent_scope="Deelname aan begeleiding en delen van voortgang",
                            updated_by=manager,
                            updated_at=planned,
                        )
                    )
                if reached >= 3:
                    rows[PlanApproval].append(
                        PlanApproval(
                            pk=self.ids[PlanApproval].take(),
                            case=case,
                            approved_by=coordinator,
                            approved_at=planned + timedelta(hours=1),
                            note="Plan besproken en akkoord.",
                        )
                    )
        self._save(Person, persons)
        self._save(PersonRelation, relations)
        self._save(Case, cases)
        self._save(DomainAssessment, assessments)
        for model, objs in rows.items():
            self._save(model, objs)
        Only.objects.bulk_create(restricted, batch_size=BATCH)
        town.cases = [(c.pk, c.reference) for c in cases]
        self._case_partners: dict[int, list[int]] = {}
        for p in rows[CaseParticipation]:
            self._case_partners.setdefault(p.case_id, []).append(p.organisation_id)
        return cases

    def _meetings(self, town: _Town, cases: list[Case], n: int) -> None:
        rng = self.rng
        users = town.users
        chair = users["coordinator"]
        table = [users[k] for k in ("coordinator", "police", "youthcare", "casemanager")]
        today = self.now.date()
        # Six-weekly history plus a few ahead; with many meetings, they come closer together.
        future = max(1, n // 10) if n else 0
        meetings: list[Meeting] = []
        attendances: list[Attendance] = []
        items: list[AgendaItem] = []
        decisions: list[Decision] = []
        actions: list[Action] = []
        step = timedelta(days=min(42.0, HISTORY_DAYS / max(1, n - future)))
        place = town.municipality.name.removeprefix("Gemeente ")
        for i in range(n):
            ahead = i < future
            offset = step * (i + 1) if ahead else -step * (i - future + 1)
            starts_at = (self.now + offset).replace(hour=14, minute=0, second=0, microsecond=0)
            meeting = Meeting(
                pk=self.ids[Meeting].take(),
                municipality=town.municipality,
                title="Casusoverleg radicalisering",
                starts_at=starts_at,
                location=f"Veiligheidshuis {place}",
                chair=chair,
            )
            meetings.append(meeting)
            if not ahead:
                attendances.extend(
                    Attendance(
                        pk=self.ids[Attendance].take(),
                        meeting=meeting,
                        user=u,
                        present=rng.random() < 0.9,
                    )
                    for u in table
                )
            candidates = [c for c in cases if c.opened_at < starts_at]
            if ahead:
                candidates = [c for c in candidates if c.phase != Phase.CLOSED]
            for position, case in enumerate(
                rng.sample(candidates, min(len(candidates), rng.randint(4, 10))), start=1
            ):
                item = AgendaItem(
                    pk=self.ids[AgendaItem].take(),
                    meeting=meeting,
                    case=case,
                    position=position,
                    added_by=chair,
                )
                items.append(item)
                if ahead:
                    continue
                decisions.append(
                    Decision(
                        pk=self.ids[Decision].take(),
                        agenda_item=item,
                        text=self._text(DECISIONS),
                        recorded_by=chair,
                        recorded_at=starts_at + timedelta(hours=1),
                    )
                )
                for _ in range(rng.randint(0, 2)):
                    due = starts_at.date() + timedelta(days=rng.randint(14, 42))
                    done = due < today and rng.random() < 0.8
                    # Most are done by the due date, some up to three weeks later.
                    completed = (
                        min(
                            starts_at
                            + timedelta(days=rng.randint(7, (due - starts_at.date()).days + 21)),
                            self.now,
                        )
                        if done
                        else None
                    )
                    actions.append(
                        Action(
                            pk=self.ids[Action].take(),
                            agenda_item=item,
                            description=self._text(ACTIONS),
                            owner_id=rng.choice(self._case_partners[case.pk]),
                            due_date=due,
                            status=Action.Status.DONE if done else Action.Status.OPEN,
                            completed_at=completed,
                            recorded_by=chair,
                            recorded_at=starts_at + timedelta(hours=1),
                        )
                    )
        self._save(Meeting, meetings)
        self._save(Attendance, attendances)
        self._save(AgendaItem, items)
        self._save(Decision, decisions)
        self._save(Action, actions)
        town.meetings = [(m.pk, m.audit_label()) for m in meetings]

    def _reset_sequences(self) -> None:
        """PostgreSQL: move the id sequences past the explicit keys (SQLite does it itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.ids))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    # --- the audit log ---------------------------------------------------------------------

    def _audit(self, towns: list[_Town], n: int) -> None:
        """n entries that continue the hash chain, spread over the time since the last one.

        Each chunk is one transaction that first reads the end of the chain (under the same
        lock as ``record``), so an entry written meanwhile by someone else is chained too."""
        if n == 0:
            return
        rng = self.rng
        mix = [(registry.get(action).id, kind) for action, _weight, kind in AUDIT_MIX]
        cumulative = list(accumulate(weight for _action, weight, _kind in AUDIT_MIX))
        actors = [
            (town, user)
            for town in towns
            for key, user in town.users.items()
            if key in ("coordinator", "police", "youthcare", "casemanager")
        ]
        last = AuditEntry.objects.order_by("-id").values_list("timestamp", flat=True).first()
        start = self.now - timedelta(days=HISTORY_DAYS)
        if last is not None and last > start:
            start = last
        step = (self.now - start) / n
        written = 0
        while written < n:
            size = min(AUDIT_CHUNK, n - written)
            batch: list[AuditEntry] = []
            for k in range(written, written + size):
                town, user = rng.choice(actors)
                action, kind = rng.choices(mix, cum_weights=cumulative)[0]
                object_type = object_id = label = ""
                pool: list[tuple[int, str]] = getattr(town, kind.rstrip("s") + "s", [])
                if pool:
                    object_type = f"casework.{kind.rstrip('s')}"
                    if kind.endswith("s"):  # a list page: the references it showed
                        shown = rng.sample(pool, min(5, len(pool)))
                        label = ", ".join(ref for _pk, ref in shown)
                    else:
                        pk, label = rng.choice(pool)
                        object_id = str(pk)
                batch.append(
                    AuditEntry(
                        timestamp=start + step * k,
                        user_id=user.pk,
                        user_label=user.username,
                        organisation_id=user.organisation_id,
                        organisation_label=user.organisation.name,
                        action=action,
                        object_type=object_type,
                        object_id=object_id,
                        object_label=label[:500],
                        reason="",
                        request_id=f"{rng.getrandbits(128):032x}",
                        outcome=AuditEntry.Outcome.ALLOWED,
                    )
                )
            # One transaction per chunk, chained to whatever the log ends with at that moment.
            append_entries(batch)
            written += size
            self._progress(f"audit entries: {written}/{n}")
        self._count("audit entries", n)
