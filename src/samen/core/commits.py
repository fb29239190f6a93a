"""Commits that need not wait for the disk.

On PostgreSQL every commit waits until its write-ahead log is flushed (``synchronous_commit``),
a few milliseconds on an ordinary disk. That is what makes an acknowledged signal, case or
audit entry survive a crash, and it stays so for them. Some writes lose nothing worth keeping
when the last fraction of a second before a crash is gone: a session's idle timer (moved on
every request) and the rate limits' counters. ``relaxed_commit`` runs such a write in its own
transaction with ``SET LOCAL synchronous_commit TO OFF``: the database stays consistent (the
transaction is committed or not at all; PostgreSQL's documentation, "Asynchronous Commit"), only
the last few hundred milliseconds of these writes may be lost in a crash of the database server.

It never relaxes a transaction that is already open (a caller's data would be relaxed with it):
inside an atomic block, and on SQLite (whose ``synchronous`` setting is per connection), it
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

# A statement that relaxes the commit of its own transaction only (``SET LOCAL`` as a function):
# for a write that sends it in the same message as itself (``samen.core.ratelimit_cache``).
RELAX_THIS_TRANSACTION = "SELECT set_config('synchronous_commit', 'off', true)"


@contextmanager
def relaxed_commit(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield
