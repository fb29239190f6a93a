"""Writers of the audit chain at the same time, each on its own connection: every entry is
chained to the one before it, whatever the interleaving (the lock and the read of the head in
one round trip on PostgreSQL, ``services._locked_head_hash``)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import verify_chain
from samen.casework.actions import intake as intake_actions
from samen.casework.models import Signal
from samen.casework.tests.factories import World, actor_for
from samen.core.generations import Topic
from samen.core.models import Generation

pytestmark = [
    pytest.mark.usefixtures("transactional_db"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises write transactions itself (BEGIN IMMEDIATE)",
    ),
]

THREADS = 4
EACH = 10


def _together(work: object) -> None:
    """``work(thread, k)`` EACH times on each of THREADS threads, started together."""
    start = threading.Barrier(THREADS)

    def run(thread: int) -> None:
        try:
            start.wait()
            for k in range(EACH):
                work(thread, k)  # type: ignore[operator]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for future in [pool.submit(run, t) for t in range(THREADS)]:
            future.result()


def test_signals_reported_at_the_same_time_keep_the_chain_whole(world: World) -> None:
    before = AuditEntry.objects.count()
    signals_before = Signal.objects.count()
    actor = actor_for(world.users["advisor"])
    cases = {"municipality_id": world.municipality.pk, "topic": Topic.CASES}
    generation_before = Generation.objects.filter(**cases).first()

    def report(thread: int, k: int) -> None:
        intake_actions.report_signal(
            actor,
            municipality=world.municipality,
            channel=Signal.Channel.API,
            observation=f"Gelijktijdig {thread}-{k}",
            anonymous=True,
        )

    _together(report)
    assert AuditEntry.objects.count() == before + THREADS * EACH
    assert Signal.objects.count() == signals_before + THREADS * EACH
    report_ = verify_chain()
    assert report_.intact, report_.describe()
    # Every signal bumped its municipality's generation of cases (at the end of its numbering).
    generation = Generation.objects.get(**cases)
    assert generation_before is None or generation.number != generation_before.number


def test_entries_recorded_at_the_same_time_keep_the_chain_whole(world: World) -> None:
    from samen.audit.services import record

    before = AuditEntry.objects.count()

    def write(thread: int, k: int) -> None:
        record(Actor.system(), "audit.log.view", object_label=f"{thread}-{k}")

    _together(write)
    assert AuditEntry.objects.count() == before + THREADS * EACH
    report = verify_chain()
    assert report.intact, report.describe()
