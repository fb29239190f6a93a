"""Shared fixtures: a small world of organisations, one user per role, and signals/cases."""

from __future__ import annotations

import copy
import fcntl
import functools
import importlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.casework.attachments import storage_dir
from samen.casework.tests.factories import World, build_world

# Fixtures through which a test reaches the database (pytest-django refuses any other way).
_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


# Tests that take tens of seconds each (a real browser, a server killed and restarted, the
# benchmark end to end): they run first, so that the parallel run ends with short tests on every
# core instead of one long test running alone at the end.
_LONG_MARKERS = ("browser", "crash", "slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long tests first (a stable sort: the rest keeps its order, and so its module
    fixtures). The second run of the suite, on PostgreSQL, runs the tests that reach a database:
    the others (parsers, rules, settings, documents) ran in the SQLite run and do the same
    here."""
    items.sort(key=lambda item: not any(item.get_closest_marker(m) for m in _LONG_MARKERS))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    keep: list[pytest.Item] = []
    elsewhere: list[pytest.Item] = []
    for item in items:
        (keep if _reaches_database(item) else elsewhere).append(item)
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = keep


def login(client: Client, user: Any, *, verified: bool = True) -> Client:
    """Log the user in, with the second factor verified like a real two-factor login."""
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def set_audit_triggers(*, enabled: bool) -> None:
    """Switch the audit log's append-only triggers (migration audit 0002) on or off."""
    migration = importlib.import_module("samen.audit.migrations.0002_append_only_triggers")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            state = "ENABLE" if enabled else "DISABLE"
            cursor.execute(f"ALTER TABLE audit_auditentry {state} TRIGGER USER")
        else:
            for statement in migration.SQLITE_DOWN + (migration.SQLITE_UP if enabled else []):
                cursor.execute(statement)


# Data that migrations seed (roles, the hub's role and thesaurus): a flush empties it too.
_SEED_MIGRATIONS = [
    ("samen.accounts.migrations.0002_default_roles", "create_roles"),
    ("samen.accounts.migrations.0003_chair_configures_casework", "grant"),
    ("samen.accounts.migrations.0004_privacy_capabilities", "grant"),
    ("samen.accounts.migrations.0005_programme_capabilities", "grant"),
    ("samen.accounts.migrations.0007_approvals_and_client_scopes", "grant"),
    ("samen.accounts.migrations.0008_expert_role", "create"),
    ("samen.hub.migrations.0002_hub_editor_role", "create_role"),
    ("samen.hub.migrations.0006_thesaurus_v2", "load_thesaurus"),
]


def _flush_by_delete(
    self: Any, style: Any, tables: list[str], *, reset_sequences: bool = False, **kwargs: Any
) -> list[str]:
    """PostgreSQL's flush for the end of a transactional test: DELETE every table instead of
    Django's one TRUNCATE of all of them. TRUNCATE gives each of ~150 tables and their indexes
    new files, seconds per test; the tables of a test hold a few rows, which DELETE removes in
    milliseconds. The foreign keys Django makes are deferred to the commit, so the order of the
    tables does not matter. Sequences are not reset (as Django's flush, unless asked)."""
    if reset_sequences or not tables:
        return _truncate_flush(self, style, tables, reset_sequences=reset_sequences, **kwargs)
    return ["SET CONSTRAINTS ALL DEFERRED"] + [
        f"DELETE FROM {self.quote_name(table)}"  # noqa: S608 - table names from Django, quoted
        for table in sorted(tables)
    ]


try:
    from django.db.backends.postgresql.operations import DatabaseOperations as _PostgreSQLOps
except ImportError:  # pragma: no cover - psycopg is a dependency of samen
    pass
else:
    _truncate_flush = _PostgreSQLOps.sql_flush
    _PostgreSQLOps.sql_flush = _flush_by_delete  # type: ignore[method-assign,assignment]


def _reseed() -> None:
    from django.apps import apps

    with connection.schema_editor() as schema_editor:
        for module, function in _SEED_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, schema_editor)


@pytest.fixture
def _audit_triggers_restored(django_db_blocker: Any) -> Iterator[None]:
    """Set up before the database and so torn down after its flush: puts the triggers and the
    seeded data back, so that later tests find the database as migrations left it."""
    yield
    with django_db_blocker.unblock():
        set_audit_triggers(enabled=True)
        _reseed()


@pytest.fixture
def transactional_db(
    _audit_triggers_restored: None, transactional_db: None, django_db_blocker: Any
) -> Iterator[None]:
    """pytest-django's transactional_db (which live_server uses), able to empty the audit log.

    A transactional test ends with a flush of every table, which the audit log refuses by
    design: the triggers are lifted for that flush only.
    """
    yield
    with django_db_blocker.unblock():
        set_audit_triggers(enabled=False)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts with empty rate-limit counters (kept in memory in test mode), and with
    no counts kept from another test's data (``samen.reports.kept``: a test's rolled-back rows
    take their generations with them, and SQLite hands their ids out again).

    A limit's window stays the one of its first request for the whole test: django-ratelimit's
    windows are fixed (each ends at a second of the minute of its own), so a test that counts
    to a limit would otherwise now and then see its count start again halfway, when a window
    ended between two of its requests."""
    from django.core.cache import caches
    from django_ratelimit import core

    monkeypatch.setattr(core, "_get_window", functools.cache(core._get_window))
    caches["ratelimit"].clear()
    caches["default"].clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def _data_folder_per_worker(worker_id: str) -> None:
    """Each parallel worker (pytest-xdist) gets a data folder of its own, so attachments, mail
    files and backups of one worker never meet another's. (The settings were read before the
    worker knew its name; everything reads ``settings.DATA_DIR`` when it needs it.)"""
    if worker_id == "master":
        return
    from pathlib import Path

    from django.conf import settings

    settings.DATA_DIR = Path(settings.DATA_DIR) / worker_id
    settings.EMAIL_FILE_PATH = str(settings.DATA_DIR / "mail")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A SQLite database as ``samen migrate`` leaves it, made once for the whole run and shared
    by the parallel workers (a lock in their common temporary folder): the tests that start
    samen in processes of their own (the demo, a server killed mid-write, the benchmark) copy it
    with ``copy_migrated`` instead of migrating a new database each, ten seconds or more."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # shared by the workers of this run
    folder = root / "migrated-sqlite"
    database = folder / "samen.sqlite3"
    with open(root / "migrated-sqlite.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "complete").exists():
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env.update(SAMEN_MODE="demo", SAMEN_DATA_DIR=str(folder), SAMEN_LOG_LEVEL="ERROR")
            migrate = [sys.executable, "-m", "samen.cli", "migrate", "--verbosity", "0"]
            subprocess.run(migrate, env=env, check=True, timeout=600)  # noqa: S603 - our own command
            with closing(sqlite3.connect(database)) as made:
                made.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            (folder / "complete").touch()
    return database


def copy_migrated(source: Path, data_dir: Path) -> None:
    """Put a copy of the migrated database (``migrated_sqlite``) in a new data folder."""
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    target = data_dir / "samen.sqlite3"
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)
    target.chmod(0o600)


def _reaches_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


def _takes_the_module_world(item: pytest.Item) -> bool:
    """Whether the test can run beside the module's world: it asks for the world (a test
    that does not would find rows it did not make) and does not commit (a transactional
    test, a live server: they must not run inside the world's transaction)."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    commits = bool(marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server", "django_db_reset_sequences"} & names
    )
    return "world" in names and not commits


@contextmanager
def _world_rolled_back(django_db_blocker: Any) -> Iterator[World]:
    """A world built inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _module_world(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[tuple[World, dict[Path, bytes]] | None]:
    """The world of ``world`` and the files it wrote, built once for the test module (70 ms
    on SQLite, 200 ms on PostgreSQL, for each of some 600 tests): inside a transaction rolled
    back when the module ends, like ``shared_world``. Only where every test of the module
    that reaches the database takes the world; elsewhere each test builds its own."""
    module = request.node.obj
    if not all(
        _takes_the_module_world(item)
        for item in request.session.items
        if getattr(item, "module", None) is module and _reaches_database(item)
    ):
        yield None
        return
    with _world_rolled_back(django_db_blocker) as built:
        files = [storage_dir() / built.attachment.storage_name] if built.attachment else []
        yield built, {path: path.read_bytes() for path in files}


@pytest.fixture
def world(_module_world: tuple[World, dict[Path, bytes]] | None, db: None) -> World:
    """A world of the test's own: a copy of the module's (the rows are the module's, each
    test runs in a savepoint of its own, so whatever it changes is undone before the next;
    the copy's objects carry nothing another test did to them; the attachment's file, which
    no rollback restores, is written again as it was built)."""
    if _module_world is None:
        return build_world()
    built, files = _module_world
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return copy.deepcopy(built)


@pytest.fixture(scope="module")
def shared_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One world for a whole test module (the authorization matrix and other tables of
    requests): built once inside a transaction that is rolled back when the module ends.
    Each test still runs in its own savepoint (pytest-django's ``db``), so whatever a test
    changes is undone before the next one."""
    with _world_rolled_back(django_db_blocker) as built:
        yield built


@pytest.fixture
def org_factory() -> type[OrganisationFactory]:
    return OrganisationFactory


@pytest.fixture
def user_factory() -> type[UserFactory]:
    return UserFactory
