"""``python -m samen.operations.bench run|compare``: the benchmark, and two runs side by side.

    python -m samen.operations.bench run [--db sqlite|postgres] [--sizes city,city10,national]
    python -m samen.operations.bench compare OLD.json NEW.json
    python -m samen.operations.bench show RESULTS.json
    python -m samen.operations.bench merge CITY.json NATIONAL.json --output ALL.json

``run`` prints one table and writes ``var/bench/results-<db>-<date>.json``. A benchmark, not a
test: it exits non-zero only when a request did not get the answer its variant expects (the
numbers would not measure that page), or when something could not run.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from samen.operations.bench import report
from samen.operations.bench.runner import Options, run_size
from samen.operations.bench.sizes import DEFAULT_SIZES, SIZES


def _commit() -> str:
    git = shutil.which("git")
    if git is None:
        return "?"
    try:
        return subprocess.run(  # noqa: S603 - git with fixed arguments
            [git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def run(args: argparse.Namespace) -> int:
    sizes = [name.strip() for name in args.sizes.split(",") if name.strip()]
    unknown = [name for name in sizes if name not in SIZES]
    if unknown:
        raise SystemExit(f"unknown size(s) {unknown}; known: {sorted(SIZES)}")
    options = Options(
        database=args.db,
        root=Path(args.root),
        postgres_url=args.postgres_url,
        rounds=args.rounds,
        min_rounds=min(args.min_rounds, args.rounds),
        budget_seconds=args.budget,
        warmup=args.warmup,
        workers=args.workers,
        restarts=args.restarts,
        intake_clients=args.intake_clients,
        intake_seconds=args.intake_seconds,
        fresh=args.fresh,
        only=tuple(text.strip() for text in args.only.split(",") if text.strip()),
    )
    started = datetime.now(UTC)
    results: dict[str, Any] = {
        "version": 1,
        "database": "postgresql" if args.db == "postgres" else "sqlite",
        "started": started.isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "cpus": _cpus(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "options": {k: str(v) for k, v in vars(options).items()},
        "sizes": {},
    }
    for name in sizes:
        began = time.monotonic()

        def say(message: str, name: str = name, began: float = began) -> None:
            print(f"[{name} {time.monotonic() - began:6.0f} s] {message}", flush=True)

        results["sizes"][name] = run_size(SIZES[name], options, say)
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    output = (
        Path(args.output)
        if args.output
        else (Path(args.root) / f"results-{args.db}-{started:%Y%m%d-%H%M%S}.json")
    )
    report.write(results, output)
    print()
    print(report.table(results))
    print(f"\nwritten to {output}")
    failed = [p for data in results["sizes"].values() for p in data["pages"] if not p["ok"]]
    return 1 if failed else 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def compare(args: argparse.Namespace) -> int:
    first = json.loads(Path(args.first).read_text(encoding="utf-8"))
    second = json.loads(Path(args.second).read_text(encoding="utf-8"))
    print(report.compare(first, second))
    return 0


def show(args: argparse.Namespace) -> int:
    results = json.loads(Path(args.results).read_text(encoding="utf-8"))
    print(report.markdown(results) if args.markdown else report.table(results))
    return 0


def merge(args: argparse.Namespace) -> int:
    """Results of runs of different sizes (same database) as one, in size order."""
    runs = [json.loads(Path(name).read_text(encoding="utf-8")) for name in args.results]
    if len({run["database"] for run in runs}) != 1:
        raise SystemExit("the results are of different databases")
    merged = dict(runs[0])
    sizes = {size: data for run in runs for size, data in run["sizes"].items()}
    merged["sizes"] = {name: sizes[name] for name in SIZES if name in sizes}
    merged["merged_from"] = [str(name) for name in args.results]
    report.write(merged, Path(args.output))
    print(report.table(merged))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samen.operations.bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run the benchmark")
    run_parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    run_parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES), help="comma-separated")
    run_parser.add_argument("--root", default="var/bench", help="data folders and results")
    run_parser.add_argument(
        "--postgres-url",
        default="postgres://postgres@127.0.0.1:5432/bench_{size}",
        help="the database of each size ({size} is replaced); its name must start with bench",
    )
    run_parser.add_argument("--rounds", type=int, default=20, help="timed requests per variant")
    run_parser.add_argument(
        "--min-rounds", type=int, default=5, help="at least this many, whatever the budget"
    )
    run_parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds per variant after --min-rounds"
    )
    run_parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first")
    run_parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    run_parser.add_argument("--restarts", type=int, default=3, help="restarts after a SIGKILL")
    run_parser.add_argument("--intake-clients", type=int, default=6)
    run_parser.add_argument("--intake-seconds", type=float, default=10.0)
    run_parser.add_argument("--fresh", action="store_true", help="generate the data anew")
    run_parser.add_argument(
        "--only",
        default="",
        help="comma-separated texts: only the variants whose label contains one (e.g. 'audit log')",
    )
    run_parser.add_argument("--output", help="the JSON file (default: in --root, dated)")
    run_parser.set_defaults(handler=run)
    compare_parser = commands.add_parser("compare", help="two result files side by side")
    compare_parser.add_argument("first")
    compare_parser.add_argument("second")
    compare_parser.set_defaults(handler=compare)
    show_parser = commands.add_parser("show", help="the table of a result file")
    show_parser.add_argument("results")
    show_parser.add_argument("--markdown", action="store_true", help="as a Markdown table")
    show_parser.set_defaults(handler=show)
    merge_parser = commands.add_parser("merge", help="runs of different sizes as one file")
    merge_parser.add_argument("results", nargs="+")
    merge_parser.add_argument("--output", required=True)
    merge_parser.set_defaults(handler=merge)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
