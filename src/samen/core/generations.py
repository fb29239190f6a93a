"""Generations: a number per municipality and kind of data (``Topic``) that changes with every
change of that data that a count kept between requests may depend on (``samen.reports.kept``).
A count that reads only one kind is keyed by that kind's generation alone, so that a change of
another kind (an attendance list, a training) does not make it count again.

A generation is bumped (set to a new random number) in the same transaction as the change it
stands for, so a reader that sees the new data sees the new number, and a value kept under a
number is only ever reused for exactly the data it was computed from; a number written by a
transaction that was rolled back is never written again. Row 0 is the installation's own
generation, bumped by a change that may concern every municipality (an organisation's kind, a
district's name, a migration); a kept value is keyed by both.

Writers of a generation are serialised like the writers of the audit chain, by the same lock
taken first (``lock_writers``): a transaction that bumps a generation and appends to the chain
takes the two locks always in the same order, so two such transactions never wait for each
other in a circle. On SQLite write transactions are serialised already (they begin IMMEDIATE).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import IntEnum

from django.db import connection, transaction

from samen.core.models import Generation

INSTALLATION = 0


class Topic(IntEnum):
    """The kinds of a municipality's counted data, each with its own generation."""

    CASES = 1  # signals, weighing, referrals, cases and what belongs to them
    MEETINGS = 2  # the case table's meetings, attendance, agenda items and actions
    PROGRAMME = 3  # the prevention programme: plan, budget, trainings, events, network


TOPICS: tuple[Topic, ...] = tuple(Topic)

# The lock that serialises the writers of the audit chain (``samen.audit.services``) and of the
# generations. Any constant works; it only has to be the same for every writer.
WRITERS_LOCK_KEY = 7_316_001


def lock_writers() -> None:
    """Serialise with the other writers of the chain and the generations until the current
    transaction ends: a PostgreSQL advisory lock; nothing on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITERS_LOCK_KEY])


def bump(municipality_ids: Iterable[int | None], topics: Iterable[Topic] = TOPICS) -> None:
    """A change of the data of these municipalities (of these kinds; by default of every
    kind): each gets a new generation, in the current transaction (one statement for all of
    them, after the writers' lock)."""
    _bump({(m, int(t)) for m in municipality_ids if m is not None for t in topics})


def _bump(pairs: set[tuple[int, int]]) -> None:
    if not pairs:
        return
    collected: set[tuple[int, int]] | None = getattr(connection, _DEFERRED, None)
    if collected is not None:
        collected.update(pairs)
        return
    # A new generation is a random number, not the last one plus one: a number written by a
    # transaction that is rolled back is then never written again, so a value kept under it
    # inside that transaction can never be taken for another state of the data.
    params: list[int] = []
    for municipality_id, topic in sorted(pairs):
        params += [municipality_id, topic, secrets.randbits(62)]
    rows = ", ".join(["(%s, %s, %s)"] * len(pairs))
    # Only the table's name and placeholders are formatted into the statements.
    table = Generation._meta.db_table
    replace = "ON CONFLICT (municipality_id, topic) DO UPDATE SET number = excluded.number"
    if connection.vendor == "postgresql":
        # The writers' lock and the bump in one round trip: the rows are made from the lock's
        # result, so the lock is held before any row of the table is.
        sql = (
            "WITH writers AS (SELECT pg_advisory_xact_lock(%s)) "  # noqa: S608
            f"INSERT INTO {table} (municipality_id, topic, number) SELECT ids.m, ids.t, ids.n "
            f"FROM (VALUES {rows}) AS ids (m, t, n) CROSS JOIN writers {replace}"
        )
        params = [WRITERS_LOCK_KEY, *params]
    else:
        sql = f"INSERT INTO {table} (municipality_id, topic, number) VALUES {rows} {replace}"  # noqa: S608
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, params)


_DEFERRED = "samen_deferred_generations"


@contextmanager
def deferred() -> Iterator[None]:
    """The bumps of the writes in this block, made once at its end, still in the current
    transaction (one statement, whatever the number of writes).

    The writers' lock is then taken at the end of the block, not at its first write: a write
    path that appends to the audit chain right after (``samen.audit.services.record``) holds
    the lock, which serialises every writer, for the shortest time. Must run inside a
    transaction, so the changes and their bumps still commit together."""
    if not connection.in_atomic_block:
        raise RuntimeError("generations.deferred() must run inside a transaction")
    outer: set[tuple[int, int]] | None = getattr(connection, _DEFERRED, None)
    collected: set[tuple[int, int]] = set()
    setattr(connection, _DEFERRED, collected)
    try:
        yield
    finally:
        setattr(connection, _DEFERRED, outer)
    if outer is not None:
        outer.update(collected)
    else:
        _bump(collected)


def bump_all() -> None:
    """A change that may concern every municipality."""
    _bump({(INSTALLATION, 0)})


def numbers(municipality_ids: Iterable[int], topics: Iterable[Topic] = TOPICS) -> tuple[int, ...]:
    """The installation's generation, then each municipality's of each of the ``topics``, in
    the order of the municipalities' ids (0 for one never set), read from the database (one
    indexed query): never cached, so every server sees every change at once."""
    ids = sorted(set(municipality_ids))
    found = {
        (m, t): n
        for m, t, n in Generation.objects.filter(
            municipality_id__in=[INSTALLATION, *ids]
        ).values_list("municipality_id", "topic", "number")
    }
    wanted = [(INSTALLATION, 0)] + [(m, int(t)) for m in ids for t in topics]
    return tuple(found.get(pair, 0) for pair in wanted)
