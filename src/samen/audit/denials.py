"""Repeated denials, summarised: the audit log cannot be flooded by someone probing.

A missing capability, a probe for an object that is not there or not visible, a wrong receipt
code: each is recorded with ``record_denial`` instead of ``record``. The first denial of a kind
(action) by an actor (a user, a machine client, or all anonymous visitors together) in a window
of ``WINDOW`` is a full audit entry, as before. The further ones in that window are only counted
(``DenialTally``, an atomic increment, no chain lock, no hash); when the window has closed, the
count becomes one entry ``audit.denials.summary`` for the same user, naming the action, how many
more attempts there were, and the first and last time. Summaries are written by the next denial
of anyone, by the audit log page and by ``samen audit-export`` (``flush_denials``).

Anonymous visitors are counted together, never by address: the audit log must not learn the
addresses of people who report anonymously.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.http import HttpRequest
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry, DenialTally
from samen.audit.services import record

WINDOW = timedelta(minutes=10)
SUMMARY_ACTION = "audit.denials.summary"


def _actor(actor: Actor | HttpRequest | Any | None) -> Actor:
    if isinstance(actor, Actor):
        return actor
    if actor is None:
        return Actor.system()
    if isinstance(actor, HttpRequest):
        return Actor.of(actor)
    return Actor.for_user(actor)


def _window_start(moment: datetime) -> datetime:
    seconds = int(WINDOW.total_seconds())
    epoch = int(moment.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=moment.tzinfo)


def _key(action: str, who: Actor) -> str:
    user = who.user.pk if who.user is not None else ""
    return f"{action}|{user}|{who.client}"[:300]


def record_denial(
    actor: Actor | HttpRequest | Any | None,
    action: str,
    target: Model | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
) -> AuditEntry | None:
    """Record a denied attempt: the window's first as an entry (returned), the rest counted."""
    who = _actor(actor)
    now = timezone.now()
    flush_denials(now)
    key = _key(action, who)
    start = _window_start(now)
    with transaction.atomic():
        if _count(key, start, now):
            return None
        try:
            with transaction.atomic():
                DenialTally.objects.create(
                    key=key,
                    window_start=start,
                    action=action,
                    user_id=who.user.pk if who.user is not None else None,
                    first_at=now,
                    last_at=now,
                )
        except IntegrityError:
            # Another request opened the window a moment ago: this one is counted.
            _count(key, start, now)
            return None
        return record(
            who,
            action,
            target,
            outcome=AuditEntry.Outcome.DENIED,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label,
        )


def _count(key: str, start: datetime, now: datetime) -> bool:
    return bool(
        DenialTally.objects.filter(key=key, window_start=start).update(
            more=F("more") + 1, last_at=now
        )
    )


def flush_denials(now: datetime | None = None) -> int:
    """Write the summary entries of windows that have closed; the number written."""
    now = now or timezone.now()
    closed = DenialTally.objects.filter(window_start__lte=now - WINDOW)
    written = 0
    for tally in closed.order_by("window_start", "pk"):
        with transaction.atomic():
            # Whoever removes the tally writes its summary: never twice.
            removed, _ = DenialTally.objects.filter(pk=tally.pk).delete()
            if not removed or not tally.more:
                continue
            record(
                _summary_actor(tally),
                SUMMARY_ACTION,
                outcome=AuditEntry.Outcome.DENIED,
                object_type=tally.action,
                object_id=str(tally.more),
                object_label=(
                    f"{tally.more} more denied {tally.action} from "
                    f"{tally.first_at.isoformat(timespec='seconds')} to "
                    f"{tally.last_at.isoformat(timespec='seconds')}"
                ),
            )
            written += 1
    return written


def _summary_actor(tally: DenialTally) -> Actor:
    client = tally.key.split("|", 2)[2]
    if tally.user_id is not None:
        user = (
            get_user_model().objects.filter(pk=tally.user_id).select_related("organisation").first()
        )
        if user is not None:
            return Actor.for_user(user)  # type: ignore[arg-type]
    return Actor(client=client)
