"""The benchmark covers every URL, and runs end to end (a tiny data set on SQLite, a few
requests per page) so that it cannot rot unnoticed. Its timings are not tested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from samen.conftest import copy_migrated
from samen.operations.bench.catalogue import CATALOGUE, missing_urls
from samen.operations.bench.guard import is_bench_database


def test_every_url_has_a_bench_variant() -> None:
    missing, unknown = missing_urls()
    assert not missing, f"add these URLs to samen/operations/bench/catalogue.py: {missing}"
    assert not unknown, f"the catalogue names URLs that do not exist: {unknown}"
    assert all(CATALOGUE.values())
    labels = [variant.label for variants in CATALOGUE.values() for variant in variants]
    assert len(labels) == len(set(labels)), "the table names each variant once"


def test_only_a_bench_database_is_served_with_the_extra_headers() -> None:
    sqlite = "django.db.backends.sqlite3"
    assert is_bench_database({"ENGINE": sqlite, "NAME": "/srv/var/bench/city/samen.sqlite3"})
    assert not is_bench_database({"ENGINE": sqlite, "NAME": "/srv/samen/samen.sqlite3"})
    assert not is_bench_database({"ENGINE": sqlite, "NAME": "/srv/benchmarks/samen.sqlite3"})
    postgres = "django.db.backends.postgresql"
    assert is_bench_database({"ENGINE": postgres, "NAME": "bench_city"})
    assert not is_bench_database({"ENGINE": postgres, "NAME": "samen"})


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the end-to-end run is on SQLite")
def test_the_benchmark_runs_end_to_end_at_a_tiny_size(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    root = tmp_path / "bench"
    copy_migrated(migrated_sqlite, root / "sqlite-tiny")  # the runner's data folder of "tiny"
    output = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    arguments = [
        "--sizes=tiny",
        "--rounds=1",
        "--warmup=0",
        "--restarts=1",
        "--intake-clients=2",
        "--intake-seconds=1",
        f"--root={root}",
        f"--output={output}",
    ]
    run = subprocess.run(
        [sys.executable, "-m", "samen.operations.bench", "run", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(output.read_text())
    tiny = results["sizes"]["tiny"]
    pages = tiny["pages"]
    assert len(pages) == sum(len(variants) for variants in CATALOGUE.values())
    assert all(page["ok"] and page["n"] == 1 for page in pages), [
        (p["label"], p["status"]) for p in pages if not p["ok"]
    ]
    assert tiny["floor"]["queries"] > 0  # the bench settings count the queries
    assert tiny["dataset"]["signals"] >= 60 and tiny["dataset"]["persons"] > 0
    assert tiny["startup"]["restarts_s"] and tiny["startup"]["fresh_worker_first_ms"]
    intake = tiny["intake"]
    assert intake["acknowledged"] > 0 and intake["lost"] == 0
    assert intake["floor"]["per_second"] > 0 and not intake["floor"]["errors"]
    assert tiny["verify"]["full_entries"] > 500 and tiny["verify"]["incremental_entries"] > 0
    assert "floor: login form, logged in" in run.stdout
    assert "the floor page under the same 2 clients" in run.stdout
    compared = subprocess.run(
        [sys.executable, "-m", "samen.operations.bench", "compare", str(output), str(output)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "[tiny]" in compared.stdout


def test_the_benchmark_refuses_to_create_a_database_not_named_bench() -> None:
    from samen.operations.bench.runner import ensure_postgres_database

    with pytest.raises(SystemExit, match="bench"):
        ensure_postgres_database("postgres://postgres@127.0.0.1:5432/samen")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="creates a PostgreSQL database")
@pytest.mark.django_db  # kept in the PostgreSQL run, which runs only tests that reach a database
def test_the_benchmark_creates_its_postgresql_database_on_a_fresh_server() -> None:
    import secrets

    import psycopg
    from django.conf import settings

    from samen.operations.bench.runner import ensure_postgres_database

    db = settings.DATABASES["default"]
    name = f"bench_created_{secrets.token_hex(4)}"
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    try:
        assert ensure_postgres_database(f"{server}/{name}") is True
        assert ensure_postgres_database(f"{server}/{name}") is False
        with psycopg.connect(f"{server}/{name}") as made:
            assert made.execute("SELECT current_database()").fetchone() == (name,)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{name}"')
