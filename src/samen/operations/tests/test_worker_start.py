"""A new worker of the production server opens the database connection of each of its threads
before it accepts a request (``gunicorn_conf.post_worker_init``): a thread's first request does
not pay for connecting, nor its database server process for reading the tables every request
reads. The ORM's paths of every model ran in the master before the fork (``when_ready``)."""

from __future__ import annotations

import gc
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samen.conftest import login
from samen.operations import gunicorn_conf

THREADS = 3


def _on_every_thread(pool: ThreadPoolExecutor, task: Any) -> list[Any]:
    together = threading.Barrier(THREADS)

    def run() -> Any:
        together.wait(timeout=10)
        return task()

    return [future.result(timeout=30) for future in [pool.submit(run) for _ in range(THREADS)]]


@pytest.mark.django_db(transaction=True)
def test_every_thread_of_a_new_worker_is_connected() -> None:
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        worker = SimpleNamespace(tpool=pool, cfg=SimpleNamespace(threads=THREADS))
        assert _on_every_thread(pool, lambda: connections["default"].connection) == [None] * 3
        gunicorn_conf.post_worker_init(worker)
        try:
            opened = _on_every_thread(
                pool, lambda: (threading.get_ident(), connections["default"].connection)
            )
            assert len({ident for ident, _ in opened}) == THREADS
            assert all(connection is not None for _, connection in opened)
        finally:
            _on_every_thread(pool, lambda: connections["default"].close())


def test_the_libraries_of_rare_pages_are_left_out_of_the_start() -> None:
    """The warmed application (what ``samen serve`` loads before forking its workers) holds no
    PDF writer, PDF reader or Word reader: each adds to every start and serves rare pages."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import django, json, sys; django.setup(); "
        "from samen.operations.gunicorn_conf import warm; warm(); "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "samen.conf.testing"
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    loaded = set(json.loads(run.stdout.strip().splitlines()[-1]))
    assert "django" in loaded and "samen" in loaded
    assert loaded.isdisjoint({"fpdf", "pypdf", "docx"}), loaded & {"fpdf", "pypdf", "docx"}


def _tables(statements: list[dict[str, str]]) -> set[str]:
    return {
        table
        for statement in statements
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', statement["sql"])
    }


@pytest.mark.django_db
def test_a_new_thread_reads_every_table_a_logged_in_request_reads_before_its_view(
    world: Any,
) -> None:
    """The login page of a logged-in user (the benchmark's floor) reads only what every request
    reads: the session, the user, roles, organisation, the second factor. Each of those tables
    is read by every thread of a new worker; a table added to every request must be added
    there too (``_models_of_every_request``), or the first requests of a restarted server
    read it cold."""
    client = login(Client(), world.users["case_manager"])
    client.get(reverse("accounts:login"), secure=True)
    with CaptureQueriesContext(connection) as floor:
        assert client.get(reverse("accounts:login"), secure=True).status_code == 200
    warmed = {model._meta.db_table for model in gunicorn_conf._models_of_every_request()}
    with CaptureQueriesContext(connection) as warming:
        assert gunicorn_conf._empty_queries(gunicorn_conf._models_of_every_request()) == len(warmed)
    read = _tables(floor.captured_queries)
    assert read, "the floor read no table: the test no longer looks at a logged-in request"
    assert read <= warmed, read - warmed
    assert _tables(warming.captured_queries) == warmed


@pytest.mark.django_db(transaction=True)
def test_the_master_queries_every_model_and_closes_its_connection_before_the_fork(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from django.apps import apps

    connections["default"].ensure_connection()
    gunicorn_conf.logger.addHandler(caplog.handler)  # samen's loggers do not propagate
    try:
        with caplog.at_level("INFO", logger="samen.serve"):
            gunicorn_conf.when_ready(SimpleNamespace())
    finally:
        gunicorn_conf.logger.removeHandler(caplog.handler)
        gc.unfreeze()  # when_ready froze what this process holds, as a server's master does
    assert connections["default"].connection is None
    warmed = next(r.getMessage() for r in caplog.records if "warmed" in r.getMessage())
    assert f"{len(apps.get_models())} models queried" in warmed, warmed
