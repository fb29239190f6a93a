"""A new worker of the production server opens the database connection of each of its threads
before it accepts a request (``gunicorn_conf.post_worker_init``): a thread's first request does
not pay for connecting."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connections

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
