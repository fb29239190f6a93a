"""The benchmark's driver: runs in its own process without Django, and talks to samen only
through commands (``samen bench-prepare``, ``samen audit-verify``, ...) and over HTTP.

For each size: prepare the database and the plan, time a full ``audit-verify``, start the
production server (``samen serve``, gunicorn, 2 workers, the benchmark's settings), time its
start and restarts after a SIGKILL and a fresh worker's first request, request every variant
once cold, then in rounds, each request right after a request of the floor page, until each
variant has its rounds or its time budget; then the intake test with concurrent API clients,
and an incremental ``audit-verify``.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from samen.operations.bench.sizes import Size

Say = Callable[[str], None]
UNREACHED_RATE = "1000000/m"


@dataclass(frozen=True)
class Options:
    database: str = "sqlite"  # or "postgres"
    root: Path = Path("var/bench")
    postgres_url: str = "postgres://postgres@127.0.0.1:5432/bench_{size}"
    rounds: int = 20
    min_rounds: int = 5
    budget_seconds: float = 10.0
    warmup: int = 2
    workers: int = 2
    restarts: int = 3
    intake_clients: int = 6
    intake_seconds: float = 10.0
    fresh: bool = False
    timeout: int = 120
    # Only the variants whose label contains one of these texts (all when empty): to measure
    # again, on data already prepared, the pages a change was about.
    only: tuple[str, ...] = ()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --- the environment of one size -----------------------------------------------------------------


def _secret(folder: Path, name: str, make: Callable[[], str]) -> str:
    """The secrets of a benchmark's data folder, kept there as the demo keeps its own."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def environment(options: Options, size: Size) -> tuple[dict[str, str], Path]:
    """The environment of every process of this size: production mode with the benchmark's
    settings and its own data folder and database."""
    from cryptography.fernet import Fernet

    kind = "postgres" if options.database == "postgres" else "sqlite"
    folder = (options.root / f"{kind}-{size.name}").resolve()
    dropped = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMEN_") and k not in dropped}
    env.update(
        # Compiled bytecode, as an installed server has it (kept out of the source tree):
        # without it every start compiles about a thousand modules again, seconds of work.
        PYTHONPYCACHEPREFIX=str((options.root / "pycache").resolve()),
        DJANGO_SETTINGS_MODULE="samen.conf.bench",
        SAMEN_MODE="production",
        SAMEN_DATA_DIR=str(folder),
        SAMEN_SECRET_KEY=_secret(folder, "secret_key", lambda: secrets.token_urlsafe(50)),
        SAMEN_FIELD_ENCRYPTION_KEYS=_secret(
            folder, "field_encryption_key", lambda: Fernet.generate_key().decode()
        ),
        SAMEN_BLIND_INDEX_KEY=_secret(
            folder, "blind_index_key", lambda: Fernet.generate_key().decode()
        ),
        SAMEN_ALLOWED_HOSTS="127.0.0.1,localhost",
        SAMEN_BEHIND_TLS_PROXY="true",
        SAMEN_LOG_LEVEL="WARNING",
        # The rate limits count every request as in production (their cost is measured), at
        # rates the benchmark never reaches: it repeats each page from one address and one
        # account far faster than a person, and the intake test measures how many signals
        # samen takes, not the limit per account.
        SAMEN_RATE_LIMIT_ANONYMOUS=UNREACHED_RATE,
        SAMEN_RATE_LIMIT_REPORTS=UNREACHED_RATE,
        SAMEN_RATE_LIMIT_API=UNREACHED_RATE,
        SAMEN_RATE_LIMIT_API_WRITES=UNREACHED_RATE,
        PYTHONUNBUFFERED="1",
    )
    if kind == "postgres":
        env["DATABASE_URL"] = options.postgres_url.format(size=size.name)
    return env, folder


def ensure_postgres_database(url: str) -> bool:
    """Create the benchmark's PostgreSQL database when the server does not have it yet (a
    fresh machine has none); whether it was created. Only a database whose name starts with
    ``bench`` (the same rule as ``guard.is_bench_database``)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(f"refused: the benchmark only uses databases named bench*, not {name!r}")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with closing(psycopg.connect(maintenance, autocommit=True)) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def samen(env: dict[str, str], *args: str, say: Say | None = None) -> tuple[float, str]:
    """Run a ``samen`` command; its wall time and output. Fails loudly on a non-zero exit."""
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 - this Python and samen's own commands
        [sys.executable, "-m", "samen.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if say is not None:
            say(line.rstrip())
    process.wait()
    output = "".join(lines)
    if process.returncode != 0:
        raise SystemExit(f"samen {' '.join(args)} failed:\n{output}")
    return time.monotonic() - started, output


# --- HTTP ---------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    ms: float
    queries: int
    query_ms: float
    worker: int
    served: int
    body: bytes = b""


class Client:
    """One request at a time over a new connection (gunicorn's sync workers close each), as
    behind a TLS proxy (``X-Forwarded-Proto: https``), with the session and CSRF cookies."""

    def __init__(self, port: int, plan: dict[str, Any]) -> None:
        self.port = port
        self.session_cookie = plan["cookies"]["session"]
        self.csrf_cookie = plan["cookies"]["csrf"]
        self.csrf = plan["csrf"]
        self.origin = f"https://127.0.0.1:{port}"

    def send(
        self,
        method: str,
        path: str,
        session: str | None = None,
        data: dict[str, Any] | None = None,
        as_json: bool = False,
        timeout: float = 300,
    ) -> Answer:
        cookies = [f"{self.csrf_cookie}={self.csrf}"]
        if session:
            cookies.append(f"{self.session_cookie}={session}")
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(cookies),
            "Accept": "application/json" if path.startswith("/api/") else "text/html",
        }
        body: bytes | None = None
        if method == "POST":
            headers["Origin"] = self.origin
            headers["X-CSRFToken"] = self.csrf
            if as_json:
                headers["Content-Type"] = "application/json"
                body = json.dumps(data or {}).encode()
            else:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                body = urlencode(data or {}, doseq=True).encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            ms = (time.perf_counter() - started) * 1000
        finally:
            connection.close()
        return Answer(
            response.status,
            ms,
            int(response.getheader("X-Bench-Queries") or -1),
            float(response.getheader("X-Bench-Query-Ms") or 0),
            int(response.getheader("X-Bench-Worker") or 0),
            int(response.getheader("X-Bench-Served") or 0),
            content,
        )


# --- the server ----------------------------------------------------------------------------------


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``samen serve`` in its own process group (a kill takes the workers too)."""

    def __init__(self, env: dict[str, str], port: int, options: Options, log: Path) -> None:
        self.env, self.port, self.options, self.log = env, port, options, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, ready: Callable[[], bool], limit: float = 60) -> float:
        """Start and wait until ``ready()``; the seconds from the start to the first answer."""
        args = [
            sys.executable,
            "-m",
            "samen.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.options.workers),
            "--timeout",
            str(self.options.timeout),
        ]
        with self.log.open("ab") as output:
            started = time.monotonic()
            self.process = subprocess.Popen(  # noqa: S603 - samen serve with fixed arguments
                args, env=self.env, stdout=output, stderr=output, start_new_session=True
            )
        while time.monotonic() - started < limit:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped at its start; see {self.log}")
            try:
                if ready():
                    return time.monotonic() - started
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.01)
        self.kill()
        raise SystemExit(f"the server did not answer within {limit} s; see {self.log}")

    def kill(self, how: int = signal.SIGKILL) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, how)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    try:
        yield server
    finally:
        server.stop()


# --- timing ------------------------------------------------------------------------------------


@dataclass
class Timed:
    entry: dict[str, Any]
    times: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    query_ms: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    queries: int = -1
    cold_ms: float | None = None
    used: int = 0  # requests taken from the pool
    done: bool = False

    def request(self) -> tuple[str, str | None]:
        pool = self.entry["pool"]
        if pool:
            if self.used >= len(pool):
                raise SystemExit(f"the pool of {self.entry['label']!r} ran out: more --requests")
            item = pool[self.used]
            self.used += 1
            return item["path"], item["session"]
        return self.entry["path"], self.entry["session"]

    def send(self, client: Client) -> Answer:
        path, session = self.request()
        return client.send(
            self.entry["method"], path, session, self.entry["data"], self.entry["json"]
        )

    def result(self) -> dict[str, Any]:
        median = statistics.median(self.times) if self.times else float("nan")
        floor = statistics.median(self.floors) if self.floors else float("nan")
        status = max(set(self.statuses), key=self.statuses.count) if self.statuses else 0
        return {
            "name": self.entry["name"],
            "label": self.entry["label"],
            "method": self.entry["method"],
            "role": self.entry["role"],
            "expect": self.entry["expect"],
            "status": status,
            "ok": bool(self.statuses) and all(s == self.entry["expect"] for s in self.statuses),
            "n": len(self.times),
            "median_ms": round(median, 2),
            "p95_ms": round(percentile(self.times, 0.95), 2),
            "floor_ms": round(floor, 2),
            "ratio": round(median / floor, 2) if floor else None,
            "queries": self.queries,
            "query_ms": round(statistics.median(self.query_ms), 2) if self.query_ms else None,
            "cold_ms": round(self.cold_ms, 2) if self.cold_ms is not None else None,
        }


def measure_pages(
    client: Client, plan: dict[str, Any], options: Options, say: Say
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Every variant once cold, ``warmup`` rounds untimed, then timed rounds in a shuffled order,
    each request right after one of the floor page."""
    floor_entry = next(e for e in plan["entries"] if e["floor"])
    floor = Timed(floor_entry)
    timed = [
        Timed(e)
        for e in plan["entries"]
        if not e["floor"] and (not options.only or any(text in e["label"] for text in options.only))
    ]
    for item in timed:
        answer = item.send(client)
        item.cold_ms = answer.ms
    for _ in range(options.warmup):
        for item in timed:
            floor.send(client)
            item.send(client)
    for number in range(options.rounds):
        order = [item for item in timed if not item.done]
        if not order:
            break
        random.Random(number).shuffle(order)
        for item in order:
            floor_answer = floor.send(client)
            answer = item.send(client)
            floor.times.append(floor_answer.ms)
            floor.statuses.append(floor_answer.status)
            floor.queries = floor_answer.queries
            item.floors.append(floor_answer.ms)
            item.times.append(answer.ms)
            item.query_ms.append(answer.query_ms)
            item.statuses.append(answer.status)
            item.queries = answer.queries
            spent = sum(item.times) / 1000
            if len(item.times) >= options.min_rounds and spent > options.budget_seconds:
                item.done = True
        say(f"round {number + 1}/{options.rounds}: {len(order)} variants")
    floor.floors = floor.times
    return floor.result(), [item.result() for item in timed]


def measure_startup(
    server: Server, client: Client, plan: dict[str, Any], options: Options, say: Say
) -> dict[str, Any]:
    """The first start, then ``restarts`` times: SIGKILL of the whole server (a crash), a new
    start, and the seconds until it answers the floor page. Then a fresh worker's first
    request: a server with one worker, asked nothing until its worker has booted, then the
    floor page six times (the first against the median of the other five)."""
    floor = next(e for e in plan["entries"] if e["floor"])

    def ready() -> bool:
        return client.send("GET", floor["path"], floor["session"], timeout=30).status == 200

    first = server.start(ready)
    restarts: list[float] = []
    for _ in range(options.restarts):
        server.kill()
        restarts.append(server.start(ready))
    fresh: list[float] = []
    warm: list[float] = []
    single = Server(
        server.env, free_port(), replace(options, workers=1), server.log.with_name("fresh.log")
    )
    probe = Client(single.port, plan)
    for _ in range(max(1, options.restarts)):
        with serving(single):
            single.start(lambda: _listening(single.port))
            time.sleep(2.0)  # the worker has booted and waits for its first request
            times = [probe.send("GET", floor["path"], floor["session"]).ms for _ in range(6)]
        fresh.append(times[0])
        warm.append(statistics.median(times[1:]))
    say(
        f"start {first:.2f} s; restarts after SIGKILL {', '.join(f'{s:.2f}' for s in restarts)} "
        f"s; a fresh worker's first request {', '.join(f'{ms:.0f}' for ms in fresh)} ms, "
        f"then {statistics.median(warm):.0f} ms"
    )
    return {
        "first_start_s": round(first, 3),
        "restarts_s": [round(s, 3) for s in restarts],
        "fresh_worker_first_ms": [round(ms, 2) for ms in fresh],
        "fresh_worker_then_ms": round(statistics.median(warm), 2),
    }


def _listening(port: int) -> bool:
    with closing(socket.create_connection(("127.0.0.1", port), timeout=1)):
        return True


def _load(
    clients: int, seconds: float, request: Callable[[int, int], Answer], expected: int
) -> tuple[float, list[tuple[Answer, float]], dict[str, int]]:
    """``clients`` threads send ``request(client, k)`` one after another for ``seconds``; the
    elapsed time, the answers with status ``expected`` (with their times) and the errors."""
    lock = threading.Lock()
    answers: list[tuple[Answer, float]] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    def run(number: int) -> None:
        k = 0
        while time.monotonic() < deadline:
            k += 1
            try:
                answer = request(number, k)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            with lock:
                if answer.status == expected:
                    answers.append((answer, answer.ms))
                else:
                    errors[str(answer.status)] = errors.get(str(answer.status), 0) + 1

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started, answers, errors


def _rate(elapsed: float, answers: list[tuple[Answer, float]]) -> dict[str, Any]:
    latencies = [ms for _answer, ms in answers]
    return {
        "seconds": round(elapsed, 2),
        "per_second": round(len(answers) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
    }


def measure_intake(
    client: Client, plan: dict[str, Any], options: Options, references_file: Path
) -> dict[str, Any]:
    """``intake_clients`` API clients post signals for ``intake_seconds``, each with its own
    session; every acknowledged reference is written down to be counted afterwards. Then the
    same number of clients ask for the floor page for as long: the most requests a second this
    server answers at all on this machine, the ceiling of the intake's rate."""
    intake = plan["intake"]
    sessions = intake["sessions"][: options.intake_clients]

    def report(number: int, k: int) -> Answer:
        data = {
            "observation": f"Bench {number}-{k}: zorgen over een jongere in de wijk.",
            "subject_name": f"Bench Persoon {number} {k}",
            "district": intake["district"],
        }
        return client.send("POST", intake["path"], sessions[number], data, as_json=True)

    elapsed, answers, errors = _load(len(sessions), options.intake_seconds, report, 201)
    references = [json.loads(answer.body)["reference"] for answer, _ms in answers]
    references_file.write_text("\n".join(references) + "\n", encoding="utf-8")
    floor = next(e for e in plan["entries"] if e["floor"])

    def look(number: int, k: int) -> Answer:
        return client.send("GET", floor["path"], floor["session"])

    floor_elapsed, floor_answers, floor_errors = _load(
        len(sessions), options.intake_seconds, look, 200
    )
    return {
        "clients": len(sessions),
        **_rate(elapsed, answers),
        "acknowledged": len(references),
        "errors": errors,
        "floor": {**_rate(floor_elapsed, floor_answers), "errors": floor_errors},
    }


def _entries_verified(output: str) -> int:
    import re

    found = re.search(r"intact: (\d+) entries verified", output)
    return int(found[1]) if found else -1


def run_size(size: Size, options: Options, say: Say) -> dict[str, Any]:
    env, folder = environment(options, size)
    if "DATABASE_URL" in env and ensure_postgres_database(env["DATABASE_URL"]):
        say(f"created the database of {size.name}")
    plan_file = folder / "plan.json"
    requests = 1 + options.warmup + options.rounds + 2
    prepare_args = [
        "bench-prepare",
        "--size",
        size.name,
        "--plan",
        str(plan_file),
        "--requests",
        str(requests),
        "--intake-clients",
        str(options.intake_clients),
    ]
    if options.fresh:
        prepare_args.append("--fresh")
    prepared, _ = samen(env, *prepare_args, say=say)
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    say(f"prepared in {prepared:.1f} s")
    full_s, full_out = samen(env, "audit-verify", "--full")
    say(f"audit-verify --full: {full_s:.1f} s, {_entries_verified(full_out)} entries")
    port = free_port()
    client = Client(port, plan)
    server = Server(env, port, options, folder / "server.log")
    with serving(server):
        startup = measure_startup(server, client, plan, options, say)
        floor, pages = measure_pages(client, plan, options, say)
        intake = measure_intake(client, plan, options, folder / "intake-references.txt")
    counted = json.loads(
        samen(env, "bench-intake-check", "--references", str(folder / "intake-references.txt"))[1]
        .strip()
        .splitlines()[-1]
    )
    intake["found"] = counted["found"]
    intake["lost"] = counted["acknowledged"] - counted["found"]
    say(
        f"intake: {intake['per_second']} signals/s, p95 {intake['p95_ms']} ms, "
        f"{intake['acknowledged']} acknowledged, {intake['lost']} lost, errors {intake['errors']}; "
        f"the floor page {intake['floor']['per_second']} requests/s"
    )
    incremental_s, incremental_out = samen(env, "audit-verify")
    startup["warm_floor_ms"] = floor["median_ms"]
    return {
        "dataset": plan["dataset"],
        "municipality": plan["municipality"],
        "prepare_s": round(prepared, 1),
        "floor": floor,
        "pages": pages,
        "startup": startup,
        "intake": intake,
        "verify": {
            "full_s": round(full_s, 2),
            "full_entries": _entries_verified(full_out),
            "incremental_s": round(incremental_s, 2),
            "incremental_entries": _entries_verified(incremental_out),
        },
    }
