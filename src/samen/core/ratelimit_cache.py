"""The rate limits' counters (``CACHES["ratelimit"]``), shared by every worker and server.

django-ratelimit counts through a Django cache: ``add(key, 1, period)`` for the first request of
a window, ``incr(key)`` for the next ones, ``get`` to look without counting. Django's database
cache does each of those in several statements and counts the whole table before every write
(``SELECT COUNT(*)``, to cull it): at national scale about twenty round trips and four table
counts for one API request. This backend keeps integers only, in the same table (migration core
0001 made it; 0002 emptied it of the database cache's pickled values): ``add`` and ``incr`` are
one statement each (an upsert that replaces only an expired row; an update that returns the new
value), ``get`` one select, and expired rows are deleted now and then (``CULL_EVERY`` writes in
a process, through the index on ``expires``), not counted on every write.

Writes commit without waiting for the disk (``core.commits``): a counter lost in a crash of the
database server costs one client a few requests more. Inside a transaction (``limited`` counts
all limits of a request in one) they commit with it.
"""

from __future__ import annotations

import itertools
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import connections, router
from django.utils import timezone

from samen.core.commits import relaxed_commit

CULL_EVERY = 500


class RateLimitCache(BaseDatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self.table = table
        self._writes = itertools.count(1)

    # --- helpers --------------------------------------------------------------------------

    def _connection(self, write: bool) -> Any:
        route = router.db_for_write if write else router.db_for_read
        return connections[route(self.cache_model_class)]

    def _expiry(self, timeout: Any) -> datetime:
        seconds = self.get_backend_timeout(timeout)
        if seconds is None:
            return datetime.max.replace(tzinfo=UTC)
        return datetime.fromtimestamp(seconds, tz=UTC).replace(microsecond=0)

    @staticmethod
    def _now() -> datetime:
        return timezone.now().replace(microsecond=0)

    def _when(self, connection: Any, moment: datetime) -> Any:
        return connection.ops.adapt_datetimefield_value(moment)

    def _write(self, sql: str, params: list[Any]) -> Any:
        connection = self._connection(write=True)
        table = connection.ops.quote_name(self.table)
        with relaxed_commit(connection.alias), connection.cursor() as cursor:
            if next(self._writes) % CULL_EVERY == 0:
                cursor.execute(
                    f"DELETE FROM {table} WHERE expires < %s",  # noqa: S608 - our table's name
                    [self._when(connection, self._now())],
                )
            cursor.execute(sql.format(table=table), params)
            return cursor.fetchone()

    # --- the cache interface ----------------------------------------------------------------

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        """Count ``value`` under ``key`` unless a live counter is there; whether it was added."""
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=True)
        added = self._write(
            "INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (cache_key) DO UPDATE SET value = excluded.value, "
            "expires = excluded.expires WHERE {table}.expires < %s RETURNING cache_key",
            [
                key,
                str(int(value)),
                self._when(connection, self._expiry(timeout)),
                self._when(connection, self._now()),
            ],
        )
        return added is not None

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=True)
        self._write(
            "INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (cache_key) DO UPDATE SET value = excluded.value, "
            "expires = excluded.expires RETURNING cache_key",
            [key, str(int(value)), self._when(connection, self._expiry(timeout))],
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=True)
        row = self._write(
            "UPDATE {table} SET value = CAST(CAST(value AS BIGINT) + %s AS VARCHAR(20)) "
            "WHERE cache_key = %s AND expires >= %s RETURNING value",
            [int(delta), key, self._when(connection, self._now())],
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return int(row[0])

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=False)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires >= %s",  # noqa: S608
                [key, self._when(connection, self._now())],
            )
            row = cursor.fetchone()
        return default if row is None else int(row[0])

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=True)
        row = self._write(
            "UPDATE {table} SET expires = %s WHERE cache_key = %s AND expires >= %s "
            "RETURNING cache_key",
            [
                self._when(connection, self._expiry(timeout)),
                key,
                self._when(connection, self._now()),
            ],
        )
        return row is not None

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        deleted = self._write("DELETE FROM {table} WHERE cache_key = %s RETURNING cache_key", [key])
        return deleted is not None

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self.get(key, version=version) is not None

    def clear(self) -> None:
        connection = self._connection(write=True)
        with relaxed_commit(connection.alias), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(self.table)}")  # noqa: S608


def counting(cache: Any) -> AbstractContextManager[None]:
    """One transaction for the counts of one request (several limits apply to one request):
    relaxed, for this backend; nothing for another (test mode counts in memory)."""
    if isinstance(cache, RateLimitCache):
        return relaxed_commit(cache._connection(write=True).alias)
    return nullcontext()
