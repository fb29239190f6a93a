"""Benchmark of the casework pages and API at city and national size. A benchmark, not a test.

    python -m samen.casework.bench --size city|national [--runs 30] [--fresh]

Runs on its own SQLite database in ``var/bench/<size>`` (demo mode, never the demo database or
a DATABASE_URL), which ``samen generate`` fills the first time and which is kept for the next
run. Each page is requested through Django's test client, so through the whole middleware
stack, as the user a municipality's staff would use: the median and 95th percentile of the
time per request, the ratio of the median to a trivial page through the same middleware (the
login page, for the same logged-in user), and the SQL queries per request.

Reading personal data is audited, so every run adds audit entries; that is intended.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIZES: dict[str, dict[str, int]] = {
    "city": {
        "municipalities": 1,
        "signals": 2_000,
        "cases": 400,
        "meetings": 30,
        "audit_entries": 50_000,
    },
    "national": {
        "municipalities": 50,
        "signals": 100_000,
        "cases": 20_000,
        "meetings": 1_500,
        "audit_entries": 2_000_000,
    },
}
TRIVIAL = "trivial page (login form, logged in)"


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    client: Any  # django.test.Client, logged in as the role the page is for


@dataclass(frozen=True)
class Result:
    name: str
    status: int
    median_ms: float
    p95_ms: float
    queries: int


def login(client: Any, user: Any) -> Any:
    """Log in with the second factor verified, as a real two-factor login leaves the session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages() -> list[Page]:
    """The main pages and API calls, for the staff of the largest municipality."""
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from samen.accounts.models import Organisation, User
    from samen.casework.lifecycle import Phase
    from samen.casework.models import Case, Meeting, Signal

    municipality = (
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .annotate(n=Count("signals"))
        .order_by("-n", "pk")
        .first()
    )
    if municipality is None:
        raise SystemExit("no municipality in the database: generate data first")
    staff = User.objects.filter(organisation=municipality)

    def as_role(role: str) -> Any:
        user = staff.filter(roles__code=role, is_active=True).order_by("pk").first()
        if user is None:
            raise SystemExit(f"{municipality.name} has no user with the role {role}")
        return login(Client(), user)

    coordinator, dpo, admin = as_role("chair"), as_role("dpo"), as_role("administrator")
    signal = (
        Signal.objects.filter(municipality=municipality, status=Signal.Status.ADMITTED)
        .order_by("-received_at")
        .first()
    )
    case = (
        Case.objects.filter(municipality=municipality, phase=Phase.MONITORING)
        .annotate(n=Count("notes"))
        .order_by("-n", "pk")
        .first()
    ) or Case.objects.filter(municipality=municipality).first()
    meeting = (
        Meeting.objects.filter(municipality=municipality, starts_at__lt=timezone.now())
        .annotate(n=Count("agenda_items"))
        .order_by("-n", "-starts_at")
        .first()
    )
    if signal is None or case is None or meeting is None:
        raise SystemExit(f"{municipality.name} lacks an admitted signal, a case or a meeting")
    return [
        Page(TRIVIAL, reverse("accounts:login"), coordinator),
        Page("public report form (anonymous)", reverse("casework:public_report"), Client()),
        Page("dashboard", reverse("dashboard"), coordinator),
        Page("signal list", reverse("casework:signal_list"), coordinator),
        Page("signal detail", reverse("casework:signal_detail", args=[signal.pk]), coordinator),
        Page("case list", reverse("casework:case_list"), coordinator),
        Page("case detail", reverse("casework:case_detail", args=[case.pk]), coordinator),
        Page("meeting list", reverse("casework:meeting_list"), coordinator),
        Page("meeting detail", reverse("casework:meeting_detail", args=[meeting.pk]), coordinator),
        Page("my actions", reverse("casework:my_actions"), coordinator),
        Page("audit log (DPO)", reverse("audit:log"), dpo),
        Page("users list (administrator)", reverse("accounts:user_list"), admin),
        Page("API /api/v1/cases", "/api/v1/cases", coordinator),
        Page("API /api/v1/signals", "/api/v1/signals", coordinator),
    ]


def measure(page: Page, runs: int, warmup: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        page.client.get(page.url)
    timings = []
    status = 0
    for _ in range(runs):
        start = time.perf_counter()
        response = page.client.get(page.url)
        timings.append((time.perf_counter() - start) * 1000)
        status = response.status_code
    # Counted apart from the timed runs: capturing queries costs time itself.
    with CaptureQueriesContext(connection) as queries:
        page.client.get(page.url)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Result(page.name, status, statistics.median(timings), p95, len(queries))


def table(results: Sequence[Result]) -> str:
    trivial = next((r.median_ms for r in results if r.name == TRIVIAL), None)
    width = max(len(r.name) for r in results)
    lines = [
        f"{'page'.ljust(width)}  status  median ms   p95 ms  vs trivial  queries",
        "-" * (width + 51),
    ]
    for r in results:
        ratio = f"{r.median_ms / trivial:10.1f}" if trivial else "         -"
        lines.append(
            f"{r.name.ljust(width)}  {r.status:6d}  {r.median_ms:9.1f}  {r.p95_ms:7.1f}  "
            f"{ratio}  {r.queries:7d}"
        )
    return "\n".join(lines)


def dataset() -> str:
    from samen.accounts.models import Organisation, User
    from samen.audit.models import AuditEntry
    from samen.casework.models import Case, Meeting, Signal

    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count()
    return (
        f"{municipalities} municipalities, {User.objects.count()} users, "
        f"{Signal.objects.count()} signals, {Case.objects.count()} cases, "
        f"{Meeting.objects.count()} meetings, {AuditEntry.objects.count()} audit entries"
    )


def _configure(data_dir: Path) -> None:
    """Settings for a private benchmark database, before Django starts."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.conf.settings"
    os.environ["SAMEN_MODE"] = "demo"
    os.environ["SAMEN_DATA_DIR"] = str(data_dir)
    os.environ["SAMEN_REQUIRE_2FA"] = "true"  # the production middleware path
    os.environ.setdefault("SAMEN_LOG_LEVEL", "WARNING")
    os.environ.pop("DATABASE_URL", None)  # never a configured (real) database


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m samen.casework.bench", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="city")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--fresh", action="store_true", help="delete and generate the data anew")
    parser.add_argument("--data-dir", type=Path, help="default: var/bench/<size>")
    for key in SIZES["city"]:
        parser.add_argument(
            f"--{key.replace('_', '-')}", type=int, help="override the size's count (new data)"
        )
    options = parser.parse_args(argv)
    counts = {
        key: getattr(options, key) if getattr(options, key) is not None else default
        for key, default in SIZES[options.size].items()
    }
    data_dir = options.data_dir or Path("var") / "bench" / options.size
    if options.fresh and data_dir.exists():
        for name in ("samen.sqlite3", "samen.sqlite3-wal", "samen.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
    _configure(data_dir.resolve())

    import django
    from django.core.management import call_command

    django.setup()
    from samen.casework.models import Signal

    call_command("migrate", interactive=False, verbosity=0)
    if not Signal.objects.exists():
        print(f"building the {options.size} data set in {data_dir}: {counts}", flush=True)
        start = time.monotonic()
        call_command("generate", **counts)
        print(f"generated in {time.monotonic() - start:.0f} s", flush=True)
    print(f"\n== casework benchmark, size {options.size} ({data_dir}, SQLite) ==")
    print(dataset())
    print(f"{options.runs} timed requests per page after {options.warmup} warm-up requests\n")
    results = [measure(page, options.runs, options.warmup) for page in pages()]
    print(table(results), flush=True)
    if any(r.status != 200 for r in results):
        sys.exit("some pages did not answer 200: the numbers above do not measure them")


if __name__ == "__main__":
    main()
