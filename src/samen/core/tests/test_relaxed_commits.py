"""Sessions and rate-limit counters commit without waiting for the disk on PostgreSQL; nothing
else does, and an open transaction is never relaxed."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from samen.accounts.sessions import SessionStore
from samen.core.commits import relaxed_commit
from samen.core.ratelimit_cache import RateLimitCache

pytestmark = pytest.mark.usefixtures("transactional_db")
RELAX = "SET LOCAL synchronous_commit TO OFF"


def _setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_a_relaxed_commit_applies_to_its_own_transaction_only() -> None:
    assert _setting() == "on"
    with relaxed_commit():
        assert connection.in_atomic_block
        assert _setting() == "off"
    assert _setting() == "on"
    with transaction.atomic(), relaxed_commit():
        assert _setting() == "on"  # a caller's open transaction stays durable


def _relaxed(queries: CaptureQueriesContext) -> int:
    return sum(RELAX in query["sql"] for query in queries.captured_queries)


def test_sessions_and_rate_limit_counters_are_saved_relaxed_on_postgresql() -> None:
    expected = 1 if connection.vendor == "postgresql" else 0
    store = SessionStore()
    store["k"] = "v"
    with CaptureQueriesContext(connection) as created:
        store.create()
    assert _relaxed(created) == expected
    store["k"] = "w"
    with CaptureQueriesContext(connection) as saved:
        store.save()
    assert _relaxed(saved) == expected
    assert SessionStore(store.session_key).load()["k"] == "w"

    # The production backend on its table (test mode counts in memory).
    cache = RateLimitCache("samen_ratelimit_cache", {})
    with CaptureQueriesContext(connection) as counted:
        assert cache.add("relaxed-counter", 0, 60) is True
        assert cache.add("relaxed-counter", 0, 60) is False
        assert cache.incr("relaxed-counter") == 1
        cache.set("other-counter", 5, 60)
    assert cache.get("relaxed-counter") == 1
    assert cache.get("other-counter") == 5
    assert _relaxed(counted) == 4 * expected
