"""Bumps of generations deferred to the end of a block (``generations.deferred``): made once,
in the same transaction, after the block's writes; none when the block fails."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from samen.audit.actor import Actor
from samen.casework.actions import intake as intake_actions
from samen.casework.models import Signal
from samen.casework.tests.factories import World
from samen.core import generations


def _numbers(*ids: int) -> dict[int, tuple[int, ...]]:
    return {m: generations.numbers([m])[1:] for m in ids}


def test_deferred_bumps_are_one_statement_at_the_end_of_the_block(world: World) -> None:
    a, b = world.municipality.pk, world.other_municipality.pk
    before = _numbers(a, b)
    with transaction.atomic():
        with CaptureQueriesContext(connection) as inside, generations.deferred():
            generations.bump([a])
            generations.bump([b, a])
            with generations.deferred():  # an inner block adds to the outer one
                generations.bump([b])
            assert len(inside.captured_queries) == 0
            assert _numbers(a, b) == before
        assert len(inside.captured_queries) == 1 + 2  # the bump, and the two reads above
    after = _numbers(a, b)
    assert after[a] != before[a] and after[b] != before[b]


def test_a_failed_block_bumps_nothing(world: World) -> None:
    a = world.municipality.pk
    before = _numbers(a)
    with pytest.raises(ZeroDivisionError), transaction.atomic(), generations.deferred():
        generations.bump([a])
        1 / 0  # noqa: B018
    assert _numbers(a) == before
    generations.bump([a])  # and bumps are made at once again after the block
    assert _numbers(a) != before


def test_deferred_needs_a_transaction() -> None:
    """On a connection outside any transaction: a thread's own (this thread's may be inside the
    module's world, a transaction kept open for the module's tests)."""
    refused: list[Exception] = []

    def block() -> None:
        try:
            with generations.deferred():
                pass
        except RuntimeError as error:
            refused.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=block)
    thread.start()
    thread.join()
    assert len(refused) == 1 and "inside a transaction" in str(refused[0])


def test_a_reported_signal_takes_the_writers_lock_after_it_is_numbered(world: World) -> None:
    """The signal's insert and numbering come before its bump; the bump and the audit entry
    are the last writes of the transaction (the writers' lock is held only for them)."""
    before = _numbers(world.municipality.pk)
    with CaptureQueriesContext(connection) as queries:
        intake_actions.report_signal(
            Actor.system(),
            municipality=world.municipality,
            channel=Signal.Channel.PHONE,
            observation="Zorgen",
            anonymous=True,
        )
    statements = [q["sql"] for q in queries.captured_queries]
    writes = [s for s in statements if s.startswith(("INSERT", "UPDATE", "WITH"))]
    assert len(writes) == 4, writes
    assert writes[0].startswith('INSERT INTO "casework_signal"')
    assert writes[1].startswith('UPDATE "casework_signal"')
    assert "INSERT INTO core_generation" in writes[2]
    assert writes[3].startswith('INSERT INTO "audit_auditentry"')
    assert _numbers(world.municipality.pk) != before
