"""Migration 0026 gives every referral its signal's municipality, on a migrated database
(back to 0025, where referrals have none, forward again).

A module of its own: the test is transactional (a migration cannot run inside the test's
transaction on SQLite), and without a module-wide ``django_db`` mark the audit log's triggers
are lifted for the flush that ends it (``transactional_db`` in ``samen/conftest.py``)."""

from __future__ import annotations

from samen.casework.models import Referral
from samen.casework.tests.factories import World, referred_signal
from samen.core.tests.migrations import migrate_to, migrated_back


def test_the_migration_fills_the_municipality_of_referrals(
    transactional_db: None, world: World
) -> None:
    referral = referred_signal(world)
    assert referral.municipality_id == world.municipality.pk
    with migrated_back("casework", "0025_list_order_indexes"):
        migrate_to("casework", "0026_referral_municipality")
    refreshed = Referral.objects.get(pk=referral.pk)
    assert refreshed.municipality_id == refreshed.signal.municipality_id == world.municipality.pk
