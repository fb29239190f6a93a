"""After the benchmark's intake test: count the acknowledged signals, then remove them."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.operations.bench.guard import is_bench_database
from samen.operations.bench.prepare import intake_check


class Command(BaseCommand):
    help = (
        "Benchmark only: count how many of the signals the intake test got acknowledged are in "
        "the database, then remove them. Prints JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--references", required=True, metavar="FILE", help="one a line")
        parser.add_argument("--keep", action="store_true", help="do not remove them")

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_bench_database(settings.DATABASES["default"]):
            raise CommandError("bench-intake-check runs only on a benchmark's scratch database")
        references = Path(options["references"]).read_text(encoding="utf-8").split()
        self.stdout.write(json.dumps(intake_check(references, delete=not options["keep"])))
