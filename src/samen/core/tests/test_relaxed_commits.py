"""Sessions and rate-limit counters commit without waiting for the disk on PostgreSQL; nothing
else does, and an open transaction is never relaxed."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from samen.accounts.sessions import SessionStore
from samen.core.commits import RELAX_THIS_TRANSACTION, relaxed_commit
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


def _relaxed(queries: CaptureQueriesContext, how: str = RELAX) -> int:
    return sum(how in query["sql"] for query in queries.captured_queries)


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

    # The production backend on its table (test mode counts in memory): each write is one
    # round trip, relaxed in the same message.
    cache = RateLimitCache("samen_ratelimit_cache", {})
    with CaptureQueriesContext(connection) as counted:
        assert cache.add("relaxed-counter", 1, 60) is True
        assert cache.add("relaxed-counter", 1, 60) is False
        assert cache.incr("relaxed-counter") == 2
        cache.set("other-counter", 5, 60)
    assert cache.get("relaxed-counter") == 2
    assert cache.get("other-counter") == 5
    assert len(counted.captured_queries) == 3
    assert _relaxed(counted, RELAX_THIS_TRANSACTION) == 3 * expected
    # Inside a caller's transaction a write commits with it, durable like the rest.
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        assert cache.add("relaxed-counter", 1, 60) is False
        if connection.vendor == "postgresql":
            assert _setting() == "on"
    assert _relaxed(inside, RELAX_THIS_TRANSACTION) == 0
    assert cache.incr("relaxed-counter") == 3


def test_a_request_counts_once_per_limit_in_one_statement() -> None:
    """django-ratelimit's add-then-incr of every request after the first is one statement of
    this backend, and counts the request once."""
    cache = RateLimitCache("samen_ratelimit_cache", {})
    assert cache.add("k", 1, 60) is True  # the first request of a window
    for expected in (2, 3, 4):
        with CaptureQueriesContext(connection) as counted:
            assert cache.add("k", 1, 60) is False
            assert cache.incr("k") == expected
        assert len(counted.captured_queries) == 1
    # An incr that no add came before counts on its own, as does one by more than one.
    assert cache.incr("k") == 5
    assert cache.add("k", 1, 60) is False
    assert cache.incr("k", 2) == 8
    # The count kept by add is for its own key only.
    assert cache.add("k", 1, 60) is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("other")
    assert cache.get("k") == 9
    # Only looking (django-ratelimit's add of 0) counts nothing, and starts an absent counter
    # at 0.
    assert cache.add("k", 0, 60) is False
    assert cache.get("k") == 9
    assert cache.add("looked", 0, 60) is True
    assert cache.get("looked") == 0
    assert cache.add("looked", 1, 60) is True  # its first count: 1, as if started now
    assert cache.get("looked") == 1


def test_the_counter_store_counts_expires_and_culls() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from samen.core import ratelimit_cache

    cache = RateLimitCache("samen_ratelimit_cache", {})
    with pytest.raises(ValueError, match="not found"):
        cache.incr("absent")
    assert cache.get("absent", 7) == 7
    assert cache.add("c", 1, 60) is True
    assert [cache.incr("c") for _ in range(3)] == [2, 3, 4]
    assert cache.incr("c", 10) == 14
    assert cache.get("c") == 14
    assert cache.has_key("c")
    # An expired counter is gone for get and incr, and add starts it again.
    past = timezone.now() - timedelta(seconds=5)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE samen_ratelimit_cache SET expires = %s WHERE cache_key = %s",
            [connection.ops.adapt_datetimefield_value(past), cache.make_key("c")],
        )
    assert cache.get("c") is None
    with pytest.raises(ValueError):
        cache.incr("c")
    assert cache.add("c", 1, 60) is True
    assert cache.get("c") == 1
    assert cache.touch("c", 120) is True
    assert cache.delete("c") is True
    assert cache.delete("c") is False
    # Expired rows are deleted every CULL_EVERY writes, not counted on every write.
    cache.set("old", 3, 60)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE samen_ratelimit_cache SET expires = %s",
            [connection.ops.adapt_datetimefield_value(past)],
        )
    cache.set("live", 1, 60)
    for _ in range(ratelimit_cache.CULL_EVERY):
        cache.incr("live")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM samen_ratelimit_cache")
        assert [row[0] for row in cursor.fetchall()] == [cache.make_key("live")]
    with CaptureQueriesContext(connection) as counted:
        cache.incr("live")
    assert not any("COUNT(*)" in query["sql"] for query in counted.captured_queries)
    cache.clear()
    assert cache.get("live") is None
