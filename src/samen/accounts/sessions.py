"""Sessions in the database (``SESSION_ENGINE``). The idle timeout counts from the last request
(``SESSION_SAVE_EVERY_REQUEST``), but a session whose data did not change is written again only
when its stored expiry is more than ``REFRESH_SECONDS`` old: a page or API call in the same
minute as the previous one writes nothing (the idle timeout may end up to a minute early).
The writes that remain commit without waiting for the disk (``core.commits``): a crash of the
database server may lose the last fraction of a second of them, which at worst asks someone to
log in again; it never loses data that was acknowledged."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router

from samen.core.commits import relaxed_commit

REFRESH_SECONDS = 60


class SessionStore(DatabaseSessionStore):
    _stored_expiry: datetime | None = None

    def _get_session_from_db(self) -> Any:
        stored = super()._get_session_from_db()  # type: ignore[misc]
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def save(self, must_create: bool = False) -> None:
        if (
            not must_create
            and not self.modified
            and self._stored_expiry is not None
            and self.get_expiry_date() - self._stored_expiry < timedelta(seconds=REFRESH_SECONDS)
        ):
            return
        with relaxed_commit(router.db_for_write(self.model, instance=None)):
            super().save(must_create)
        self._stored_expiry = None
