"""Crash safety: the server is killed (SIGKILL) at random moments while reports come in; every
report it acknowledged survives, the database passes its integrity check and the audit chain
verifies."""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from samen.conftest import copy_migrated

pytestmark = [
    pytest.mark.crash,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="crash safety of SQLite (WAL, synchronous=FULL); PostgreSQL has its own WAL",
    ),
]

CYCLES = 3
CLIENTS = 2
SETUP = """
import django
django.setup()
from django.core.management import call_command
from samen.accounts.models import Organisation
call_command("migrate", interactive=False, verbosity=0)
print(Organisation.objects.create(name="Gemeente Crashstad", kind="municipality").pk)
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(
        SAMEN_MODE="demo",
        SAMEN_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="samen.conf.settings",
        SAMEN_LOG_LEVEL="WARNING",
        # The clients post far faster than any reporter: the rate limits would answer 429.
        SAMEN_RATE_LIMIT_REPORTS="off",
        SAMEN_RATE_LIMIT_ANONYMOUS="off",
    )
    return env


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samen.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "2",
                # Load the application once, before forking the workers: a faster restart.
                "--preload",
            ],
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,  # its own process group: the kill takes the workers too
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/report/", timeout=1) as page:
                if page.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGKILL)
    raise AssertionError(f"the server did not start; see {log}")


def _report(opener: urllib.request.OpenerDirector, base: str, municipality: str) -> str:
    """Fill in the public form; the reference on the receipt page is the acknowledgement."""
    with opener.open(f"{base}/report/", timeout=5) as page:
        form = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    data = urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "municipality": municipality,
            "observation": f"Crash test {random.random()}",
            "anonymous": "on",
        }
    ).encode()
    # Follows the redirect (302) to the receipt page, which shows the reference once.
    request = urllib.request.Request(f"{base}/report/", data=data)  # noqa: S310 (http://127.0.0.1)
    with opener.open(request, timeout=5) as receipt:
        body = receipt.read().decode()
        assert receipt.status == 200 and receipt.url.endswith("/report/receipt/")
    reference = re.search(r"\bS-\d{4}-\d{5}\b", body)
    assert reference is not None, "the receipt page shows no reference"
    return reference.group(0)


def _client(
    base: str,
    municipality: str,
    stop: threading.Event,
    acknowledged: list[str],
    errors: list[BaseException],
) -> None:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    while not stop.is_set():
        try:
            reference = _report(opener, base, municipality)
        except (OSError, http.client.HTTPException):
            # Killed mid-request (refused, reset, cut-off answer): not acknowledged, so
            # nothing was promised.
            continue
        except BaseException as exc:  # anything else fails the test, from the main thread
            errors.append(exc)
            return
        acknowledged.append(reference)


def test_acknowledged_reports_survive_sigkill(tmp_path: Path, migrated_sqlite: Path) -> None:
    copy_migrated(migrated_sqlite, tmp_path)
    env = _env(tmp_path)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, check=False
    )
    assert setup.returncode == 0, setup.stderr
    municipality = setup.stdout.strip().splitlines()[-1]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    acknowledged: list[str] = []
    errors: list[BaseException] = []
    kills = 0
    for _ in range(CYCLES):
        server = _start(env, port, tmp_path / "server.log")
        stop = threading.Event()
        clients = [
            threading.Thread(target=_client, args=(base, municipality, stop, acknowledged, errors))
            for _ in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        time.sleep(random.uniform(0.5, 1.5))
        os.killpg(server.pid, signal.SIGKILL)
        kills += 1
        server.wait(timeout=10)
        stop.set()
        for client in clients:
            client.join(timeout=10)

    assert not errors, errors
    assert kills == CYCLES
    assert len(acknowledged) >= CYCLES, "too few reports went through to test anything"
    database = tmp_path / "samen.sqlite3"
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        stored = {row[0] for row in db.execute("SELECT reference FROM casework_signal")}
    missing = set(acknowledged) - stored
    assert not missing, f"acknowledged but lost: {sorted(missing)}"
    verify = subprocess.run(
        [sys.executable, "-m", "samen.cli", "audit-verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert "audit chain intact" in verify.stdout
