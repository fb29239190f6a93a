"""Counts kept between requests and never stale: the yearly account's raw counts; and which
changes move which generation (``HOOKS``) for every count kept through
``samen.core.kept.for_today`` (the start page's counts, the analyst's statistics, the programme
in numbers).

The counts of a municipality's reporting year (``account.year_counts``) and of the trend's years
(``account._year_totals``) are kept in Django's cache under a key made of everything they depend
on: the municipality, the span of dates, the *generations* of the municipality and of the
installation (``samen.core.generations``), the local date and time zone, the weighing term.
A kept value is only ever reused for the very same inputs:

- every change of a row that the counts read bumps the generation of the municipalities whose
  counts it may change, in the same transaction (``HOOKS``: a receiver of Django's model
  signals for each model the counts' queries read; the writes that bypass those signals,
  ``QuerySet.update`` and ``bulk_create``, bump explicitly where they are made);
- the generations are read from the database on every request (one indexed query), never from a
  cache, so several processes or servers with a cache each still agree;
- what changes with time alone is in the key or bounds the value: "open, past the due date"
  changes with the local date (in the key), "meetings held" when a meeting's start passes (a
  kept value is used only before the first start after it was computed).

The disclosure-controlled account and its drawn tables are kept on top of the raw counts, under
the same key with the part of the year, the language and the threshold added
(``samen.reports.account.account`` and ``drawn``): the same inputs give the same published
figures. The audit entry of each view is written as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.casework.models import (
    Action,
    AgendaItem,
    Attachment,
    Attendance,
    Case,
    CaseParticipation,
    CaseTransfer,
    ClosureRequest,
    ConcernAssessment,
    District,
    ExpertOrder,
    HandOver,
    Intervention,
    LegalHold,
    Meeting,
    Person,
    PhaseChange,
    Referral,
    Review,
    Signal,
    TravelStatus,
    Weighing,
)
from samen.core import generations
from samen.core.generations import Topic
from samen.core.kept import VERSION, for_today, moment, seconds_to_midnight
from samen.programme.models import (
    BudgetLine,
    CommunicationMoment,
    ContactPerson,
    Delivery,
    Event,
    Headcount,
    KeyFigure,
    Outreach,
    Plan,
    PlanAction,
    Spending,
    Theme,
    Training,
    TrainingParticipant,
    TrainingSession,
)
from samen.reports.models import RetainedStatistic

# ``for_today`` is the mechanism of ``samen.core.kept``, here next to the hooks it relies on.
__all__ = ["HOOKS", "VERSION", "changed", "connect", "for_today", "kept", "key"]

T = TypeVar("T")


# --- which changes move which generation ----------------------------------------------------


@dataclass(frozen=True)
class Under:
    """Rows that belong to the municipalities at the end of these paths (``"municipality"``,
    ``"case__municipality"``), counted as data of these ``topics``. A save that names its
    fields (``update_fields``), all of them ``ignored`` (read by no kept count; a test checks),
    changes nothing counted."""

    paths: tuple[str, ...]
    topics: tuple[Topic, ...] = (Topic.CASES,)
    ignored: tuple[str, ...] = ()

    def municipalities(self, instance: Model) -> set[int | None]:
        return {_follow(instance, path.split("__")) for path in self.paths}


@dataclass(frozen=True)
class OfCases:
    """A person: the municipalities of the cases about them (their gender, district and date of
    birth are counted with the cases)."""

    topics: tuple[Topic, ...] = (Topic.CASES,)

    def municipalities(self, instance: Model) -> set[int | None]:
        return set(
            Case.objects.filter(person_id=instance.pk).values_list("municipality_id", flat=True)
        )


@dataclass(frozen=True)
class Everywhere:
    """A row counted by its ``fields`` in any municipality (an organisation's kind and name, a
    district's name, a user's organisation): a change of those fields (or a deletion, which may
    clear references without any save) moves the installation's generation."""

    fields: tuple[str, ...]


Hook = Under | OfCases | Everywhere


def _follow(instance: Model, steps: list[str]) -> int | None:
    """The id at the end of ``steps`` from ``instance``: from related objects already loaded,
    else one query from the first foreign key on."""
    field = instance._meta.get_field(steps[0])
    if len(steps) == 1:
        return getattr(instance, field.attname)  # type: ignore[union-attr]
    if field.is_cached(instance):  # type: ignore[union-attr]
        related = getattr(instance, steps[0])
        return None if related is None else _follow(related, steps[1:])
    fk = getattr(instance, field.attname)  # type: ignore[union-attr]
    if fk is None:
        return None
    model = field.related_model
    assert model is not None and not isinstance(model, str)
    return model._base_manager.filter(pk=fk).values_list("__".join(steps[1:]), flat=True).first()


# Every model whose rows the kept counts read (a test compares this with the tables in the
# counts' queries), and how a change of one of its rows reaches the municipalities concerned.
CASES, MEETINGS, PROGRAMME = Topic.CASES, Topic.MEETINGS, Topic.PROGRAMME

HOOKS: dict[type[Model], Hook] = {
    Signal: Under(("municipality",)),
    Weighing: Under(("signal__municipality",)),
    Referral: Under(("municipality",)),
    # Who manages a case is counted nowhere: setting it alone moves no generation.
    Case: Under(("municipality",), ignored=("case_manager",)),
    # Who takes part in a case decides who sees it (the start page's counts).
    CaseParticipation: Under(("case__municipality",)),
    ConcernAssessment: Under(("case__municipality",)),
    TravelStatus: Under(("case__municipality",)),
    ClosureRequest: Under(("case__municipality",)),
    Intervention: Under(("case__municipality",)),
    Review: Under(("case__municipality",)),
    HandOver: Under(("case__municipality",)),
    ExpertOrder: Under(("case__municipality",)),
    # What the retention preview reads of a case (``privacy.retention.KEPT_TOPICS``).
    PhaseChange: Under(("case__municipality",)),
    Attachment: Under(("case__municipality",)),
    LegalHold: Under(("case__municipality",)),
    # A transfer moves a case from one municipality to the other: both change.
    CaseTransfer: Under(("from_municipality", "to_municipality")),
    Person: OfCases(),
    RetainedStatistic: Under(("municipality",)),
    Meeting: Under(("municipality",), (MEETINGS,)),
    Attendance: Under(("meeting__municipality",), (MEETINGS,)),
    # An agenda item (and its actions) belongs to the meeting's municipality and, for the start
    # page's overdue actions, to its case's: after a transfer the two differ.
    AgendaItem: Under(("meeting__municipality", "case__municipality"), (MEETINGS, CASES)),
    Action: Under(
        ("agenda_item__meeting__municipality", "agenda_item__case__municipality"),
        (MEETINGS, CASES),
    ),
    Training: Under(("municipality",), (PROGRAMME,)),
    TrainingSession: Under(("training__municipality",), (PROGRAMME,)),
    TrainingParticipant: Under(("session__training__municipality",), (PROGRAMME,)),
    Headcount: Under(("session__training__municipality",), (PROGRAMME,)),
    Event: Under(("municipality",), (PROGRAMME,)),
    Outreach: Under(("municipality",), (PROGRAMME,)),
    Delivery: Under(("outreach__municipality",), (PROGRAMME,)),
    CommunicationMoment: Under(("municipality",), (PROGRAMME,)),
    Plan: Under(("municipality",), (PROGRAMME,)),
    Theme: Under(("plan__municipality",), (PROGRAMME,)),
    PlanAction: Under(("theme__plan__municipality",), (PROGRAMME,)),
    # The start page's budget of the year (``samen.home``).
    BudgetLine: Under(("plan__municipality",), (PROGRAMME,)),
    Spending: Under(("line__plan__municipality",), (PROGRAMME,)),
    ContactPerson: Under(("municipality",), (PROGRAMME,)),
    KeyFigure: Under(("municipality",), (PROGRAMME,)),
    Organisation: Everywhere(("kind", "name")),
    District: Everywhere(("name",)),
    User: Everywhere(("organisation",)),
}

_CHANGED = "_samen_kept_changed"


def _before_save(sender: type[Model], instance: Model, raw: bool, **kwargs: Any) -> None:
    """A row counted everywhere: whether the counted fields change (one query, only when an
    existing row is saved with them)."""
    hook = HOOKS[sender]
    assert isinstance(hook, Everywhere)
    fields = kwargs.get("update_fields")
    if instance._state.adding or raw or (fields is not None and not set(fields) & set(hook.fields)):
        setattr(instance, _CHANGED, raw)
        return
    attnames = [sender._meta.get_field(name).attname for name in hook.fields]  # type: ignore[union-attr]
    stored = sender._base_manager.filter(pk=instance.pk).values_list(*attnames).first()
    setattr(instance, _CHANGED, stored != tuple(getattr(instance, a) for a in attnames))


def _after_save(sender: type[Model], instance: Model, raw: bool, **kwargs: Any) -> None:
    hook = HOOKS[sender]
    if raw:  # fixtures: their rows may point at rows not loaded yet
        generations.bump_all()
    elif isinstance(hook, Everywhere):
        if getattr(instance, _CHANGED, True):
            generations.bump_all()
    else:
        fields = kwargs.get("update_fields")
        if isinstance(hook, Under) and fields and set(fields) <= set(hook.ignored):
            return
        generations.bump(hook.municipalities(instance), hook.topics)


def _after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    hook = HOOKS[sender]
    if isinstance(hook, Everywhere):
        generations.bump_all()
    else:
        generations.bump(hook.municipalities(instance), hook.topics)


def _after_migrate(**kwargs: Any) -> None:
    """A migration may change rows without any model signal."""
    generations.bump_all()


def connect() -> None:
    """Register the receivers (once, from the app's ``ready``)."""
    for model, hook in HOOKS.items():
        uid = f"samen.reports.kept.{model._meta.label_lower}"
        if isinstance(hook, Everywhere):
            pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    post_migrate.connect(_after_migrate, dispatch_uid="samen.reports.kept.migrate")


def changed(instance: Model) -> None:
    """A row of a counted model changed without a model signal (``update``): the generations of
    its municipalities move on."""
    hook = HOOKS[type(instance)]
    if isinstance(hook, Everywhere):
        generations.bump_all()
    else:
        generations.bump(hook.municipalities(instance), hook.topics)


# --- the kept values ------------------------------------------------------------------------


def _next_start(municipality_id: int, now: datetime, end: date) -> datetime | None:
    """The first start of a meeting of the municipality after ``now`` and before ``end``: until
    then, which meetings were held does not change without a write."""
    return (
        Meeting.objects.filter(
            municipality_id=municipality_id, starts_at__gt=now, starts_at__lt=moment(end)
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def key(what: str, municipality_id: int, start: date, end: date, today: date) -> str:
    # Every kind of the municipality's data: the account counts all of them.
    parts = (
        "samen.reports.kept",
        VERSION,
        what,
        municipality_id,
        start.isoformat(),
        end.isoformat(),
        *generations.numbers([municipality_id]),
        today.isoformat(),
        timezone.get_current_timezone_name(),
        settings.WEIGHING_TERM_DAYS,
    )
    return ":".join(str(part) for part in parts)


def kept(what: str, municipality_id: int, start: date, end: date, compute: Callable[[], T]) -> T:
    """``compute()``, the raw counts of the municipality from ``start`` to ``end`` (exclusive),
    or the value kept for exactly the same inputs."""
    now = timezone.now()
    today = timezone.localdate(now)
    name = key(what, municipality_id, start, end, today)
    found = cache.get(name)
    if found is not None:
        until, value = found
        if until is None or now < until:
            return value  # type: ignore[no-any-return]
    until = _next_start(municipality_id, now, end)
    value = compute()
    cache.set(name, (until, value), timeout=seconds_to_midnight(now, today))
    return value
