"""Retention: personal data past its term is removed; anonymous counts are kept.

The terms are settings (``SAMEN_RETENTION_*``, see ``docs/retention.md``). ``apply_retention``
is run daily (``samen apply-retention`` from cron or a systemd timer, or the ``apply_retention``
task on the worker). It removes, each in its own transaction with its own audit entry:

- closed cases past their term, with every row registered under the case
  (``samen.core.personal_data``: phase changes, plan, contributions, agenda items with their
  decisions and actions, attachments and their files, holds), their signal, and their person
  when the person has no other case left;
- signals that were not admitted, past their term after their last weighing;
- attachments of closed cases past the attachment term (files on disk too);
- the identifying details of persons with no open case, past the person term after their last
  case closed: the registry's identity columns (name, aliases, date of birth, contact details,
  district, gender, related persons' names, the blind index, and the name and date of birth
  their cases and signals carry) — the same columns erasure on request blanks;
- the prevention programme's network: contact persons past their term after they left the
  network, key figures past their own term ("kept until"; withdrawing consent removes them at
  once, ``programme.actions.network.withdraw_consent``), and the names of training participants
  past their term after the session, who are then kept only as a count per organisation and
  sector (``Headcount``), so the numbers of who was trained stay.

A case under an active legal hold is left alone, with its person, signal and attachments.
Before a signal or case is removed it is counted in ``RetainedStatistic``. Audit entries name
references and ids only. Audit entries past the audit log's own term are pruned behind a chain
checkpoint (``samen.audit.services.prune``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import prune, record
from samen.casework import attachments as attachment_files
from samen.casework.lifecycle import Phase, add_months
from samen.casework.models import (
    Attachment,
    Case,
    LegalHold,
    Person,
    PhaseChange,
    Signal,
    Weighing,
)
from samen.core import personal_data
from samen.privacy.erasure import roots_of
from samen.programme.models import ContactPerson, Headcount, KeyFigure, TrainingParticipant
from samen.reports.models import RetainedStatistic, age_band

logger = logging.getLogger(__name__)

# Signals in these statuses were weighed and not admitted: their own term applies. Signals
# awaiting (another) weighing are never removed; admitted signals go with their case.
UNADMITTED = (Signal.Status.CLOSED, Signal.Status.REFERRED, Signal.Status.POLICE)

# How far ahead the preview looks.
PREVIEW_DAYS = 30


@dataclass(frozen=True)
class Terms:
    case_years: int
    signal_months: int
    person_months: int
    attachment_years: int
    audit_years: int
    contact_months: int = 12
    key_figure_months: int = 24
    participant_years: int = 5

    @classmethod
    def from_settings(cls) -> Terms:
        return cls(
            case_years=settings.RETENTION_CLOSED_CASE_YEARS,
            signal_months=settings.RETENTION_UNADMITTED_SIGNAL_MONTHS,
            person_months=settings.RETENTION_PERSON_MONTHS,
            attachment_years=min(
                settings.RETENTION_ATTACHMENT_YEARS, settings.RETENTION_CLOSED_CASE_YEARS
            ),
            audit_years=settings.RETENTION_AUDIT_YEARS,
            contact_months=settings.RETENTION_NETWORK_CONTACT_MONTHS,
            key_figure_months=settings.RETENTION_KEY_FIGURE_MONTHS,
            participant_years=settings.RETENTION_TRAINING_PARTICIPANT_YEARS,
        )


def _due_by(horizon: date, months: int) -> datetime:
    """Moments before this are ``months`` or more before ``horizon``: their term has passed."""
    day = add_months(horizon, -months) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def due_on(moment: datetime | None, months: int) -> date | None:
    if moment is None:
        return None
    return add_months(timezone.localdate(moment), months)


def _held_cases() -> QuerySet[LegalHold]:
    return LegalHold.objects.active()


def _closed_at(prefix: str = "") -> Max:
    return Max(
        f"{prefix}phase_changes__changed_at",
        filter=Q(**{f"{prefix}phase_changes__to_phase": Phase.CLOSED}),
    )


def _scoped(queryset: QuerySet[Any], municipality_id: int | None, path: str) -> QuerySet[Any]:
    return queryset if municipality_id is None else queryset.filter(**{path: municipality_id})


# The terms run from the last of several moments (a case's last closing, a signal's last
# weighing): a MAX per row, which the database can only compute by reading every closed case's
# history. So each query first keeps, in its WHERE clause, the rows that can be due at all (one
# such moment before the bound: an EXISTS on the foreign key's index), and computes the MAX,
# and filters on it, for those candidates only. The candidate test is implied by the final one,
# so the answer is the same.
def _closed_before(before: datetime, case: str = "pk") -> Exists:
    return Exists(
        PhaseChange.objects.filter(
            case_id=OuterRef(case), to_phase=Phase.CLOSED, changed_at__lt=before
        )
    )


def cases_due(horizon: date, terms: Terms, municipality_id: int | None = None) -> QuerySet[Case]:
    """Closed cases whose term has passed by ``horizon``, not under a legal hold."""
    before = _due_by(horizon, terms.case_years * 12)
    cases = (
        Case.objects.filter(phase=Phase.CLOSED)
        .filter(_closed_before(before))
        .exclude(pk__in=_held_cases().values("case_id"))
        .annotate(closed_at=_closed_at())
        .filter(closed_at__lt=before)
        .order_by("closed_at", "pk")
    )
    return _scoped(cases, municipality_id, "municipality_id")


def signals_due(
    horizon: date, terms: Terms, municipality_id: int | None = None
) -> QuerySet[Signal]:
    """Weighed signals that were not admitted, past their term after their last weighing."""
    before = _due_by(horizon, terms.signal_months)
    signals = (
        Signal.objects.filter(status__in=UNADMITTED, case__isnull=True)
        .filter(Exists(Weighing.objects.filter(signal_id=OuterRef("pk"), weighed_at__lt=before)))
        # A signal with a review date still ahead is kept for that review.
        .exclude(weighings__review_on__gte=horizon)
        .annotate(last_weighed=Max("weighings__weighed_at"))
        .filter(last_weighed__lt=before)
        .order_by("last_weighed", "pk")
    )
    return _scoped(signals, municipality_id, "municipality_id")


def attachments_due(
    horizon: date, terms: Terms, municipality_id: int | None = None
) -> QuerySet[Attachment]:
    """Attachments of closed cases past the attachment term, not under a legal hold."""
    before = _due_by(horizon, terms.attachment_years * 12)
    items = (
        Attachment.objects.filter(case__phase=Phase.CLOSED)
        .filter(_closed_before(before, "case_id"))
        .exclude(case_id__in=_held_cases().values("case_id"))
        .annotate(closed_at=_closed_at("case__"))
        .filter(closed_at__lt=before)
        .select_related("case")
        .order_by("closed_at", "pk")
    )
    return _scoped(items, municipality_id, "case__municipality_id")


def persons_due(
    horizon: date, terms: Terms, municipality_id: int | None = None
) -> QuerySet[Person]:
    """Persons with no open case whose last case closed longer than the term ago (their
    identifying details are erased), and persons left without any case (removed)."""
    before = _due_by(horizon, terms.person_months)
    persons = (
        Person.objects.exclude(
            pk__in=_held_cases().filter(case__person__isnull=False).values("case__person_id")
        )
        # The candidates (see ``_closed_before``): no open case, and created or a case of
        # theirs closed before the bound.
        .exclude(Exists(Case.objects.filter(person_id=OuterRef("pk")).exclude(phase=Phase.CLOSED)))
        .filter(
            Q(created_at__lt=before)
            | Exists(
                PhaseChange.objects.filter(
                    case__person_id=OuterRef("pk"), to_phase=Phase.CLOSED, changed_at__lt=before
                )
            )
        )
        .annotate(
            n_cases=Count("cases", distinct=True),
            n_open=Count("cases", filter=~Q(cases__phase=Phase.CLOSED), distinct=True),
            last_closed=_closed_at("cases__"),
        )
        .filter(
            Q(n_cases=0, created_at__lt=before)
            | (
                Q(n_cases__gt=0, n_open=0, last_closed__lt=before)
                # Not erased yet: erasure empties the blind index with the name.
                & ~Q(name_only_index="")
            )
        )
        .order_by("pk")
    )
    return _scoped(persons, municipality_id, "municipality_id")


def contacts_due(
    horizon: date, terms: Terms, municipality_id: int | None = None
) -> QuerySet[ContactPerson]:
    """Contact persons who left the network longer than the term ago."""
    before = add_months(horizon, -terms.contact_months)
    contacts = ContactPerson.objects.filter(left_on__lt=before).order_by("left_on", "pk")
    return _scoped(contacts, municipality_id, "municipality_id")


def key_figures_due(horizon: date, municipality_id: int | None = None) -> QuerySet[KeyFigure]:
    """Key figures whose own term ("kept until") has passed."""
    key_figures = KeyFigure.objects.filter(retain_until__lt=horizon).order_by("retain_until", "pk")
    return _scoped(key_figures, municipality_id, "municipality_id")


def participants_due(
    horizon: date, terms: Terms, municipality_id: int | None = None
) -> QuerySet[TrainingParticipant]:
    """Named participants of sessions held longer than the term ago."""
    before = add_months(horizon, -terms.participant_years * 12)
    participants = TrainingParticipant.objects.filter(session__starts_on__lt=before).order_by(
        "session__starts_on", "pk"
    )
    return _scoped(participants, municipality_id, "session__training__municipality_id")


def audit_past_term(today: date, terms: Terms) -> tuple[int, datetime | None]:
    """How many audit entries are older than the audit term, and the oldest entry's time.

    The daily run prunes them behind a checkpoint entry, so the chain stays verifiable
    (docs/retention.md)."""
    old = AuditEntry.objects.filter(timestamp__lt=_due_by(today, terms.audit_years * 12))
    summary = old.aggregate(n=Count("id"), oldest=Max("timestamp"))
    return summary["n"], summary["oldest"]


# --- the anonymous counts ----------------------------------------------------------------


def _count_signal(signal: Signal) -> None:
    received = timezone.localdate(signal.received_at)
    last = signal.weighings.order_by("-weighed_at", "-pk").first()
    RetainedStatistic.add(
        municipality_id=signal.municipality_id,
        year=received.year,
        kind=RetainedStatistic.Kind.SIGNAL,
        status=signal.status,
        outcome=last.outcome if last else "",
        ideology="",
        age_band=age_band(signal.subject_birth_date, received),
        district=signal.district.name if signal.district else "",
    )


def _count_case(case: Case) -> None:
    opened = timezone.localdate(case.opened_at)
    closure = case.closure_requests.filter(approved=True).order_by("-decided_at", "-pk").first()
    concern = case.concerns.order_by("-set_at", "-pk").first()
    person = case.person
    origin = case.origin
    birth_date = (person.birth_date if person else "") or (
        origin.subject_birth_date if origin else ""
    )
    district = (person.district if person else None) or (origin.district if origin else None)
    RetainedStatistic.add(
        municipality_id=case.municipality_id,
        year=opened.year,
        kind=RetainedStatistic.Kind.CASE,
        status=case.phase,
        outcome=closure.closing_reason if closure else "",
        ideology=concern.ideology if concern else "",
        age_band=age_band(birth_date, opened),
        district=district.name if district else "",
    )


# --- removal -------------------------------------------------------------------------------


def _unlink_later(storage_names: list[str]) -> None:
    """Remove the encrypted files once the rows are gone for good (after the commit)."""

    def unlink() -> None:
        folder = attachment_files.storage_dir()
        for name in storage_names:
            try:
                (folder / name).unlink(missing_ok=True)
            except OSError:
                logger.exception("an attachment file could not be removed")

    transaction.on_commit(unlink)


def _remove_signal(signal: Signal) -> None:
    _count_signal(signal)
    reference, pk = signal.reference, signal.pk
    personal_data.remove("signal", Signal.objects.filter(pk=pk))
    record(
        Actor.system(),
        "privacy.retention.removed",
        object_type="casework.signal",
        object_id=str(pk),
        object_label=reference,
    )


def _remove_person(person: Person) -> None:
    pk = person.pk
    personal_data.remove("person", Person.objects.filter(pk=pk))
    record(
        Actor.system(),
        "privacy.retention.removed",
        object_type="casework.person",
        object_id=str(pk),
        object_label=f"person {pk}",
    )


def _remove_case(case: Case) -> None:
    """The case with everything registered under it, then its signal, then its person when
    no other case is about them."""
    _count_case(case)
    signal, person = case.origin, case.person
    reference, pk = case.reference, case.pk
    # Signals added to the case later (one person, one case) go with it, after it.
    joined = list(Signal.objects.filter(joined_case__case_id=pk))
    files = personal_data.remove("case", Case.objects.filter(pk=pk))
    record(
        Actor.system(),
        "privacy.retention.removed",
        object_type="casework.case",
        object_id=str(pk),
        object_label=f"{reference}: closed case, {len(files)} attachment(s)",
    )
    _unlink_later(files)
    if signal is not None:
        _remove_signal(signal)
    for later in joined:
        _remove_signal(later)
    if person is not None and not Case.objects.filter(person_id=person.pk).exists():
        _remove_person(person)


def _remove_attachment(attachment: Attachment) -> None:
    label = f"{attachment.case.reference} attachment {attachment.pk}"
    pk, storage_name = attachment.pk, attachment.storage_name
    attachment.delete()
    record(
        Actor.system(),
        "privacy.retention.removed",
        object_type="casework.attachment",
        object_id=str(pk),
        object_label=label,
    )
    _unlink_later([storage_name])


def _erase_person(person: Person) -> None:
    """The identifying details go (the same columns erasure on request blanks); the rows stay,
    the cases still point at the person, until the last case is removed."""
    personal_data.erase_identity(roots_of(person))
    record(
        Actor.system(),
        "privacy.retention.erased",
        object_type="casework.person",
        object_id=str(person.pk),
        object_label=f"person {person.pk}",
    )


def _remove_programme(root: str, label: str, pk: int) -> None:
    """A contact person, key figure or named participant, with what the registry hangs from it;
    the audit entry names the id only."""
    model = personal_data.root_entry(root).model
    personal_data.remove(root, model._default_manager.filter(pk=pk))
    record(
        Actor.system(),
        "privacy.retention.removed",
        object_type=model._meta.label_lower,
        object_id=str(pk),
        object_label=f"{label} {pk}",
    )


def _count_participant(participant: TrainingParticipant) -> None:
    """The participant's name goes; that they took part stays, as a count."""
    organisation = (
        {"organisation_id": participant.organisation_id}
        if participant.organisation_id is not None
        else {"organisation__isnull": True}
    )
    headcount = Headcount.objects.filter(
        session_id=participant.session_id, sector=participant.sector, **organisation
    ).first()
    if headcount is None:
        Headcount.objects.create(
            session_id=participant.session_id,
            organisation_id=participant.organisation_id,
            sector=participant.sector,
            count=1,
        )
    else:
        Headcount.objects.filter(pk=headcount.pk).update(count=headcount.count + 1)


@dataclass
class RetentionReport:
    """What a run removed (or, in a dry run, would remove): references and ids only."""

    today: date
    dry_run: bool
    cases: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    persons_erased: list[str] = field(default_factory=list)
    persons_removed: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    key_figures: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    audit_entries: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "audit_entries": self.audit_entries,
            "cases": len(self.cases),
            "signals": len(self.signals),
            "attachments": len(self.attachments),
            "persons_erased": len(self.persons_erased),
            "persons_removed": len(self.persons_removed),
            "contacts": len(self.contacts),
            "key_figures": len(self.key_figures),
            "participants": len(self.participants),
        }


def apply_retention(
    today: date | None = None, *, dry_run: bool = False, terms: Terms | None = None
) -> RetentionReport:
    """Remove what is past its term on ``today``: one transaction (and audit entry) per item."""
    today = today or timezone.localdate()
    terms = terms or Terms.from_settings()
    report = RetentionReport(today=today, dry_run=dry_run)

    for pk in list(cases_due(today, terms).values_list("pk", flat=True)):
        with transaction.atomic():
            # Locked, then checked again: a hold or a reopening since the list was read wins.
            if not Case.objects.select_for_update().filter(pk=pk).exists():
                continue
            case = cases_due(today, terms).filter(pk=pk).first()
            if case is None:
                continue
            report.cases.append(case.reference)
            person = case.person
            if not dry_run:
                _remove_case(case)
                if person is not None and not Person.objects.filter(pk=person.pk).exists():
                    report.persons_removed.append(f"person {person.pk}")

    for pk in list(signals_due(today, terms).values_list("pk", flat=True)):
        with transaction.atomic():
            if not Signal.objects.select_for_update().filter(pk=pk).exists():
                continue
            found = signals_due(today, terms).filter(pk=pk).first()
            if found is None:
                continue
            report.signals.append(found.reference)
            if not dry_run:
                _remove_signal(found)

    for pk in list(attachments_due(today, terms).values_list("pk", flat=True)):
        with transaction.atomic():
            attachment = attachments_due(today, terms).filter(pk=pk).first()
            if attachment is None:
                continue
            report.attachments.append(f"{attachment.case.reference} attachment {attachment.pk}")
            if not dry_run:
                _remove_attachment(attachment)

    for pk in list(persons_due(today, terms).values_list("pk", flat=True)):
        with transaction.atomic():
            person = persons_due(today, terms).filter(pk=pk).first()
            if person is None:
                continue
            if person.n_cases == 0:  # type: ignore[attr-defined]
                report.persons_removed.append(f"person {person.pk}")
                if not dry_run:
                    _remove_person(person)
            else:
                report.persons_erased.append(f"person {person.pk}")
                if not dry_run:
                    _erase_person(person)

    for pk in list(contacts_due(today, terms).values_list("pk", flat=True)):
        with transaction.atomic():
            if not contacts_due(today, terms).filter(pk=pk).exists():
                continue
            report.contacts.append(f"contact person {pk}")
            if not dry_run:
                _remove_programme("contact_person", "contact person", pk)

    for pk in list(key_figures_due(today).values_list("pk", flat=True)):
        with transaction.atomic():
            if not key_figures_due(today).filter(pk=pk).exists():
                continue
            report.key_figures.append(f"key figure {pk}")
            if not dry_run:
                _remove_programme("key_figure", "key figure", pk)

    for pk in list(participants_due(today, terms).values_list("pk", flat=True)):
        with transaction.atomic():
            participant = participants_due(today, terms).filter(pk=pk).first()
            if participant is None:
                continue
            report.participants.append(f"participant {pk}")
            if not dry_run:
                _count_participant(participant)
                _remove_programme("training_participant", "participant", pk)

    if not dry_run:
        counts = report.counts()
        record(
            Actor.system(),
            "privacy.retention.run",
            object_label=", ".join(f"{key} {value}" for key, value in counts.items()),
        )
    audit_before = _due_by(today, terms.audit_years * 12)
    if dry_run:
        report.audit_entries = AuditEntry.objects.filter(timestamp__lt=audit_before).count()
    else:
        report.audit_entries = prune(audit_before)
    return report


# --- what will be removed ----------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    label: str
    due: date | None


@dataclass(frozen=True)
class DueCategory:
    title: Any
    items: list[DueItem]

    @property
    def count(self) -> int:
        return len(self.items)


def preview(
    municipality_id: int | None, today: date | None = None, days: int = PREVIEW_DAYS
) -> dict[str, Any]:
    """What retention removes in the next ``days`` days: references and due dates, no names.

    A fixed number of queries whatever the data: one per category."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    terms = Terms.from_settings()
    case_months = terms.case_years * 12
    cases = [
        DueItem(reference, due_on(closed_at, case_months))
        for reference, closed_at in cases_due(horizon, terms, municipality_id).values_list(  # type: ignore[misc]
            "reference", "closed_at"
        )
    ]
    signals = [
        DueItem(reference, due_on(weighed, terms.signal_months))
        for reference, weighed in signals_due(horizon, terms, municipality_id).values_list(  # type: ignore[misc]
            "reference", "last_weighed"
        )
    ]
    attachments = [
        DueItem(f"{reference} attachment {pk}", due_on(closed_at, terms.attachment_years * 12))
        for pk, reference, closed_at in attachments_due(  # type: ignore[misc]
            horizon, terms, municipality_id
        ).values_list("pk", "case__reference", "closed_at")
    ]
    persons = [
        DueItem(
            f"person {pk}",
            due_on(last_closed if n_cases else created_at, terms.person_months),
        )
        for pk, n_cases, last_closed, created_at in persons_due(  # type: ignore[misc]
            horizon, terms, municipality_id
        ).values_list("pk", "n_cases", "last_closed", "created_at")
    ]
    contacts = [
        DueItem(f"contact person {pk}", add_months(left_on, terms.contact_months))
        for pk, left_on in contacts_due(horizon, terms, municipality_id).values_list(
            "pk", "left_on"
        )
        if left_on is not None
    ]
    key_figures = [
        DueItem(f"key figure {pk}", until)
        for pk, until in key_figures_due(horizon, municipality_id).values_list("pk", "retain_until")
    ]
    participants = [
        DueItem(f"participant {pk}", add_months(held_on, terms.participant_years * 12))
        for pk, held_on in participants_due(horizon, terms, municipality_id).values_list(
            "pk", "session__starts_on"
        )
    ]
    holds = list(
        _scoped(_held_cases(), municipality_id, "case__municipality_id")
        .select_related("case", "set_by")
        .order_by("case__reference")
    )
    audit_count, _oldest = audit_past_term(today, terms)
    return {
        "today": today,
        "horizon": horizon,
        "days": days,
        "terms": terms,
        "categories": [
            DueCategory(_("Closed cases (with their signal, plan and contributions)"), cases),
            DueCategory(_("Signals that were not admitted"), signals),
            DueCategory(_("Attachments of closed cases"), attachments),
            DueCategory(_("Persons: identifying details erased or record removed"), persons),
            DueCategory(_("Contact persons who left the network"), contacts),
            DueCategory(_("Key figures past their own term"), key_figures),
            DueCategory(_("Names of training participants (kept as a count)"), participants),
        ],
        "holds": holds,
        "audit_past_term": audit_count,
    }
