"""The rate limits' counters (``CACHES["ratelimit"]``): Django's database cache, shared by every
worker and server, whose writes commit without waiting for the disk (``core.commits``): a
counter lost in a crash of the database server costs at most a few requests more for one
client, and each request of the API no longer waits for two flushes of the log."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import router

from samen.core.commits import relaxed_commit


class RateLimitCache(DatabaseCache):
    def _database(self) -> str:
        return router.db_for_write(self.cache_model_class)  # type: ignore[no-any-return]

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        with relaxed_commit(self._database()):
            return super().add(key, value, timeout, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        with relaxed_commit(self._database()):
            super().set(key, value, timeout, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # Read and write in one transaction (Django's database cache reads, then writes).
        with relaxed_commit(self._database()):
            return super().incr(key, delta, version)
