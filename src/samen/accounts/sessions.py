"""Sessions in the database (``SESSION_ENGINE``), saved on every request (the idle timeout
counts from the last request): that save commits without waiting for the disk
(``core.commits``). A crash of the database server may lose the last fraction of a second of
them, which at worst asks someone to log in again; it never loses data that was acknowledged."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router

from samen.core.commits import relaxed_commit


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        with relaxed_commit(router.db_for_write(self.model, instance=None)):
            super().save(must_create)
