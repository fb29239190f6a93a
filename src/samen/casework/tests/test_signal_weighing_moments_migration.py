"""Migration 0027 fills every weighed signal's last weighing and latest review date from its
weighings and installs the triggers that keep them; back to 0026 it removes the triggers (on a
migrated database, back and forward again).

A module of its own: the test is transactional (a migration cannot run inside the test's
transaction on SQLite), and without a module-wide ``django_db`` mark the audit log's triggers
are lifted for the flush that ends it (``transactional_db`` in ``samen/conftest.py``)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samen.casework.models import Signal, Weighing
from samen.casework.tests.factories import World
from samen.core.tests.migrations import migrate_to, migrated_back, triggers


def test_the_migration_fills_the_moments_and_keeps_them_after(
    transactional_db: None, world: World
) -> None:
    signal = world.weighed_signal
    assert signal is not None
    review = timezone.localdate() + timedelta(days=40)
    Weighing.objects.filter(signal=signal).update(
        weighed_at=timezone.now() - timedelta(days=3), review_on=review
    )
    (weighed_at,) = Weighing.objects.filter(signal=signal).values_list("weighed_at", flat=True)
    assert triggers("casework_weighing_kept")
    with migrated_back("casework", "0026_referral_municipality"):
        assert triggers("casework_weighing_kept") == []
        migrate_to("casework", "0027_signal_last_weighed")
    assert triggers("casework_weighing_kept")
    filled = Signal.objects.get(pk=signal.pk)
    assert (filled.last_weighed_at, filled.latest_review_on) == (weighed_at, review)
    unweighed = world.signal
    assert unweighed is not None
    assert Signal.objects.get(pk=unweighed.pk).last_weighed_at is None
    later = Weighing.objects.create(
        signal=unweighed,
        outcome=Weighing.Outcome.MORE_INFO,
        reasons="x",
        weighed_by=world.users["weighing_team"],
    )
    assert Signal.objects.get(pk=unweighed.pk).last_weighed_at == later.weighed_at
