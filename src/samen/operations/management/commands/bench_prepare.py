"""Prepare a benchmark database and write the plan (``python -m samen.operations.bench``)."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from samen.operations.bench import prepare
from samen.operations.bench.guard import is_bench_database
from samen.operations.bench.sizes import SIZES


class Command(BaseCommand):
    help = (
        "Benchmark only: migrate and fill a scratch database (samen generate and what the pages "
        "need besides), analyse it and write the plan of requests. Refuses any database that is "
        "not a benchmark's."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), required=True)
        parser.add_argument("--plan", required=True, metavar="FILE", help="the plan to write")
        parser.add_argument(
            "--requests", type=int, default=30, help="requests per variant (sizes the pools)"
        )
        parser.add_argument("--intake-clients", type=int, default=6)
        parser.add_argument(
            "--fresh", action="store_true", help="empty the database first and generate anew"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_bench_database(settings.DATABASES["default"]):
            raise CommandError("bench-prepare runs only on a benchmark's scratch database")
        size = SIZES[options["size"]]
        if options["fresh"]:
            self._empty()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("clearsessions")  # those of earlier runs, expired
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        if prepare.ensure_generated(size):
            self.stdout.write("  data set generated")
        result = prepare.plan(size, options["requests"], options["intake_clients"])
        prepare.analyse()
        Path(options["plan"]).write_text(json.dumps(result, indent=1), encoding="utf-8")
        self.stdout.write(
            f"  plan: {len(result['entries'])} requests to time; data: "
            + ", ".join(f"{n} {what}" for what, n in result["dataset"].items())
        )

    def _empty(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
            return
        name = Path(str(settings.DATABASES["default"]["NAME"]))
        connection.close()
        for path in (name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
            path.unlink(missing_ok=True)
