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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, When, Window
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
)
from samen.core import personal_data
from samen.core.generations import Topic
from samen.privacy.erasure import roots_of
from samen.programme.models import ContactPerson, Headcount, KeyFigure, TrainingParticipant
from samen.reports import kept
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
    """Weighed signals that were not admitted, past their term after their last weighing,
    without a review date still ahead (the last weighing and the latest review date are kept
    on the signal by the database: an index range, not every weighing of every signal)."""
    before = _due_by(horizon, terms.signal_months)
    signals = (
        Signal.objects.filter(status__in=UNADMITTED, last_weighed_at__lt=before)
        # A signal with a review date still ahead is kept for that review.
        .filter(Q(latest_review_on__isnull=True) | Q(latest_review_on__lt=horizon))
        # Without a case (NOT EXISTS rather than an outer join the planner counts as one row).
        .exclude(Exists(Case.objects.filter(origin_id=OuterRef("pk"))))
        .annotate(last_weighed=F("last_weighed_at"))
        .order_by("last_weighed_at", "pk")
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
    identifying details are erased, ``has_case``), and persons left without any case whose
    record is older than the term (removed).

    Without a GROUP BY: a person's last closing is one correlated subquery, taken only for the
    candidates, which come from two index ranges (persons recorded before the bound,
    ``person_created_at``, and the persons of the closings before it, ``phasechange_closed_at``),
    not from a scan of every person."""
    before = _due_by(horizon, terms.person_months)
    closings = PhaseChange.objects.filter(case__person_id=OuterRef("pk"), to_phase=Phase.CLOSED)
    candidates = (
        Person.objects.filter(created_at__lt=before)
        .order_by()
        .values("pk")
        .union(
            PhaseChange.objects.filter(to_phase=Phase.CLOSED, changed_at__lt=before)
            .order_by()
            .values("case__person_id")
        )
    )
    persons = (
        Person.objects.filter(pk__in=candidates)
        .exclude(pk__in=_held_cases().filter(case__person__isnull=False).values("case__person_id"))
        .exclude(Exists(Case.objects.filter(person_id=OuterRef("pk")).exclude(phase=Phase.CLOSED)))
        .annotate(
            has_case=Exists(Case.objects.filter(person_id=OuterRef("pk"))),
            last_closed=Subquery(closings.order_by("-changed_at").values("changed_at")[:1]),
        )
        .filter(
            Q(has_case=False, created_at__lt=before)
            # Not erased yet: erasure empties the blind index with the name.
            | (Q(has_case=True, last_closed__lt=before) & ~Q(name_only_index=""))
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
        # Counted in the yearly account; ``update`` sends no model signals.
        kept.changed(headcount)


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
            if not person.has_case:  # type: ignore[attr-defined]
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
#
# The preview is bounded whatever the backlog (an installation that just switched retention on,
# or whose daily run failed for a week, has thousands of items past their term at once): per
# category the number due and the first ``PREVIEW_FIRST`` items soonest due, in one query (the
# count is a window over the same rows, so the candidates are read once); the rest is a paged
# list per category (``due_page``), in the same order.

# How many items of each category the preview lists.
PREVIEW_FIRST = 50
# How many items a page of a category's full list holds.
DUE_PAGE_SIZE = 100


@dataclass(frozen=True)
class DueItem:
    label: str
    due: date | None


# The rows of each category: an id or reference, and the moment its term runs from (the
# annotations of the ``*_due`` querysets, which the type checker cannot see).
def _case_rows(horizon: date, terms: Terms, municipality_id: int | None) -> QuerySet[Any]:
    return cases_due(horizon, terms, municipality_id).values_list("reference", "closed_at")  # type: ignore[misc]


def _signal_rows(horizon: date, terms: Terms, municipality_id: int | None) -> QuerySet[Any]:
    return signals_due(horizon, terms, municipality_id).values_list("reference", "last_weighed")  # type: ignore[misc]


def _attachment_rows(horizon: date, terms: Terms, municipality_id: int | None) -> QuerySet[Any]:
    return attachments_due(horizon, terms, municipality_id).values_list(  # type: ignore[misc]
        "pk", "case__reference", "closed_at"
    )


def _person_rows(horizon: date, terms: Terms, municipality_id: int | None) -> QuerySet[Any]:
    # The term runs from the last closing, or for a person without a case from the record.
    since = DbCase(When(has_case=False, then=F("created_at")), default=F("last_closed"))
    return (
        persons_due(horizon, terms, municipality_id)
        .annotate(since=since)
        .order_by("since", "pk")
        .values_list("pk", "since")
    )


def _contact_rows(horizon: date, terms: Terms, municipality_id: int | None) -> QuerySet[Any]:
    return contacts_due(horizon, terms, municipality_id).values_list("pk", "left_on")


def _key_figure_rows(horizon: date, terms: Terms, municipality_id: int | None) -> QuerySet[Any]:
    return key_figures_due(horizon, municipality_id).values_list("pk", "retain_until")


def _participant_rows(horizon: date, terms: Terms, municipality_id: int | None) -> QuerySet[Any]:
    return participants_due(horizon, terms, municipality_id).values_list("pk", "session__starts_on")


@dataclass(frozen=True)
class Kind:
    """A category of what retention removes: its rows (an id or reference, and the moment its
    term runs from) in the order they fall due, and how a row reads (references, no names)."""

    slug: str
    title: Any
    rows: Callable[[date, Terms, int | None], QuerySet[Any]]
    item: Callable[[tuple[Any, ...], Terms], DueItem]


KINDS = (
    Kind(
        "cases",
        _("Closed cases (with their signal, plan and contributions)"),
        _case_rows,
        lambda row, t: DueItem(row[0], due_on(row[1], t.case_years * 12)),
    ),
    Kind(
        "signals",
        _("Signals that were not admitted"),
        _signal_rows,
        lambda row, t: DueItem(row[0], due_on(row[1], t.signal_months)),
    ),
    Kind(
        "attachments",
        _("Attachments of closed cases"),
        _attachment_rows,
        lambda row, t: DueItem(
            f"{row[1]} attachment {row[0]}", due_on(row[2], t.attachment_years * 12)
        ),
    ),
    Kind(
        "persons",
        _("Persons: identifying details erased or record removed"),
        _person_rows,
        lambda row, t: DueItem(f"person {row[0]}", due_on(row[1], t.person_months)),
    ),
    Kind(
        "contacts",
        _("Contact persons who left the network"),
        _contact_rows,
        lambda row, t: DueItem(f"contact person {row[0]}", add_months(row[1], t.contact_months)),
    ),
    Kind(
        "key_figures",
        _("Key figures past their own term"),
        _key_figure_rows,
        lambda row, t: DueItem(f"key figure {row[0]}", row[1]),
    ),
    Kind(
        "participants",
        _("Names of training participants (kept as a count)"),
        _participant_rows,
        lambda row, t: DueItem(
            f"participant {row[0]}", add_months(row[1], t.participant_years * 12)
        ),
    ),
)
KIND_BY_SLUG = {kind.slug: kind for kind in KINDS}


@dataclass(frozen=True)
class DueCategory:
    slug: str
    title: Any
    count: int
    items: list[DueItem]

    @property
    def more(self) -> bool:
        """More are due than the preview lists: the full list is paged."""
        return self.count > len(self.items)


def _counted(rows: QuerySet[Any], start: int, size: int) -> tuple[int, list[tuple[Any, ...]]]:
    """``size`` rows from ``start`` and the number of all rows, in one query: the count is a
    window over the same rows (read once, not again by a ``COUNT``). Past the end, no rows,
    and the count is 0."""
    found = list(rows.annotate(total=Window(Count("*")))[start : start + size])
    return (found[0][-1] if found else 0), [row[:-1] for row in found]


def _first(kind: Kind, horizon: date, terms: Terms, municipality_id: int | None) -> DueCategory:
    """The category's count and its first items, in one query."""
    count, rows = _counted(kind.rows(horizon, terms, municipality_id), 0, PREVIEW_FIRST)
    return DueCategory(kind.slug, kind.title, count, [kind.item(row, terms) for row in rows])


# The categories kept between requests (``samen.core.kept``), by the one kind of data each
# reads. Each is scoped by the municipality that a change of its rows moves (``reports.kept.
# HOOKS``): the case's (its phase changes, attachments and holds are hooked by it), the signal's,
# the programme's. The persons are counted on every request, as the holds and the audit log
# are: a person's own municipality and the municipalities of their cases may differ.
KEPT_TOPICS: dict[str, Topic] = {
    "cases": Topic.CASES,
    "signals": Topic.CASES,
    "attachments": Topic.CASES,
    "contacts": Topic.PROGRAMME,
    "key_figures": Topic.PROGRAMME,
    "participants": Topic.PROGRAMME,
}


def _categories(horizon: date, terms: Terms, municipality_id: int | None) -> list[DueCategory]:
    """Every category's count and first items (``_first``); those of ``KEPT_TOPICS`` kept for
    the same municipality, horizon and terms while the municipality's data of their kind does
    not change (references and dates, no names), one kept value a kind."""
    found: dict[str, tuple[int, list[DueItem]]] = {}
    topics = sorted(set(KEPT_TOPICS.values())) if municipality_id is not None else []
    for topic in topics:
        kinds = [kind for kind in KINDS if KEPT_TOPICS.get(kind.slug) == topic]

        def compute(kinds: list[Kind] = kinds) -> dict[str, tuple[int, list[DueItem]]]:
            return {
                kind.slug: _counted_items(_first(kind, horizon, terms, municipality_id))
                for kind in kinds
            }

        found.update(
            kept.for_today(
                f"retention:{topic.name.lower()}",
                (horizon.isoformat(), terms),
                [municipality_id or 0],  # not None: the topics are empty then
                topic,
                compute,
            )
        )
    return [
        DueCategory(kind.slug, kind.title, *found[kind.slug])
        if kind.slug in found
        else _first(kind, horizon, terms, municipality_id)
        for kind in KINDS
    ]


def _counted_items(category: DueCategory) -> tuple[int, list[DueItem]]:
    return category.count, category.items


def _horizon(today: date | None, days: int) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today, today + timedelta(days=days)


def preview(
    municipality_id: int | None, today: date | None = None, days: int = PREVIEW_DAYS
) -> dict[str, Any]:
    """What retention removes in the next ``days`` days: per category how many, and the first
    ``PREVIEW_FIRST`` soonest due (references and due dates, no names).

    A fixed number of queries whatever the data: one per category, one for the holds, one for
    the audit log; the categories of ``KEPT_TOPICS`` are kept between requests."""
    today, horizon = _horizon(today, days)
    terms = Terms.from_settings()
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
        "categories": _categories(horizon, terms, municipality_id),
        "holds": holds,
        "audit_past_term": audit_count,
    }


def due_page(
    kind: Kind,
    municipality_id: int | None,
    page: Any,
    today: date | None = None,
    days: int = PREVIEW_DAYS,
) -> dict[str, Any]:
    """One page of everything in a category that retention removes in the next ``days`` days,
    in the preview's order (soonest due first), with the number of pages: one query (a page
    number past the end gives the last page, with a second). The pages of a category of
    ``KEPT_TOPICS`` are kept as its first items are (``_categories``), each page asked for a
    value of its own."""
    today, horizon = _horizon(today, days)
    terms = Terms.from_settings()
    rows = kind.rows(horizon, terms, municipality_id)
    asked = _page_number(page)

    def compute() -> tuple[int, int, list[DueItem]]:
        number = asked
        count, found = _counted(rows, (number - 1) * DUE_PAGE_SIZE, DUE_PAGE_SIZE)
        if not found and number > 1:  # past the end (or the list shrank): the last page
            number = max(1, -(-rows.count() // DUE_PAGE_SIZE))
            count, found = _counted(rows, (number - 1) * DUE_PAGE_SIZE, DUE_PAGE_SIZE)
        return (number if found else 1), count, [kind.item(row, terms) for row in found]

    topic = KEPT_TOPICS.get(kind.slug) if municipality_id is not None else None
    if topic is None:
        number, count, items = compute()
    else:
        number, count, items = kept.for_today(
            f"retention:{kind.slug}:page",
            (horizon.isoformat(), terms, asked),
            [municipality_id or 0],
            topic,
            compute,
        )
    paginator = Paginator(rows, DUE_PAGE_SIZE)
    paginator.count = count  # known from the page's own query: no COUNT of its own
    return {
        "today": today,
        "horizon": horizon,
        "days": days,
        "category": kind,
        "page": Page(items, number, paginator),
        "items": items,
    }


def _page_number(page: Any) -> int:
    try:
        return max(1, int(page))
    except (TypeError, ValueError):
        return 1
