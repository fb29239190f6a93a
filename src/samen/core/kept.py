"""Counts kept between requests and never stale, by the generations of the data they read
(``samen.core.generations``): the mechanism, for every app. Which model's changes move which
generation is ``samen.reports.kept.HOOKS``, which sits above every app whose rows a kept count
reads; a caller's tests check that every model its counts read is hooked with the kind of data
it keys them by.

A kept value lives in Django's cache until the next local midnight and is only ever reused for
exactly the same inputs: who and what it is for, the municipalities and their generations, the
local date and time zone. The generations are read from the database on every request (one
indexed query), never from a cache, so several processes or servers each with a cache of their
own still agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone

from samen.core import generations
from samen.core.generations import Topic

# Changed when what is kept changes shape, so that a shared cache never hands an older shape.
VERSION = 3

T = TypeVar("T")


def moment(day: date) -> datetime:
    """The start of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def seconds_to_midnight(now: datetime, today: date) -> float:
    """How long a value kept ``today`` may stay in the cache: until the next local midnight (a
    minute more, past which its key names another date anyway)."""
    return (moment(today + timedelta(days=1)) - now).total_seconds() + 60


def for_today(
    what: str,
    owner: tuple[object, ...],
    municipality_ids: Iterable[int],
    topic: Topic,
    compute: Callable[[], T],
) -> T:
    """``compute()``, counts of rows of these municipalities that change only with their data
    of ``topic`` (every model the counts read is hooked with it; the callers' tests check) and
    the local date (nothing compared with the time of day), or the value kept for exactly the
    same inputs: ``owner`` (whatever else the counts depend on, such as the user and what the
    user may see), the municipalities and their generations of ``topic``, the local date and
    time zone."""
    now = timezone.now()
    today = timezone.localdate(now)
    ids = sorted(set(municipality_ids))
    parts = (
        VERSION,
        what,
        owner,
        ids,
        int(topic),
        generations.numbers(ids, (topic,)),
        today.isoformat(),
        timezone.get_current_timezone_name(),
    )
    # Hashed, so that a key stays short (a shared cache limits it) whatever the number of
    # municipalities; the parts are numbers and short strings, so their repr is exact.
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    name = f"samen.kept.today:{what}:{digest}"
    found = cache.get(name)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    cache.set(name, value, timeout=seconds_to_midnight(now, today))
    return value
