"""``samen generate``: fictional casework data at scale (``samen.casework.generate``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.casework.generate import Counts, GenerateError, generate


class Command(BaseCommand):
    help = (
        "Generate fictional casework data at scale (municipalities with partners and users, "
        "signals, weighings, cases in every phase, meetings, audit entries). Not for production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = Counts()
        parser.add_argument("--municipalities", type=int, default=defaults.municipalities)
        parser.add_argument("--signals", type=int, default=defaults.signals)
        parser.add_argument("--cases", type=int, default=defaults.cases)
        parser.add_argument("--meetings", type=int, default=defaults.meetings)
        parser.add_argument("--audit-entries", type=int, default=defaults.audit_entries)
        parser.add_argument("--seed", type=int, default=2026, help="the same data for a seed")
        parser.add_argument(
            "--password",
            default="",
            help="password of every generated account (default: none, they cannot log in)",
        )
        parser.add_argument("--force", action="store_true", help="run even in production mode")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "samen generate writes fictional data and is refused in production mode "
                "(SAMEN_MODE=production); add --force if you really mean it."
            )
        counts = Counts(
            **{
                name: options[name]
                for name in ("municipalities", "signals", "cases", "meetings", "audit_entries")
            }
        )

        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        try:
            generate(counts, seed=options["seed"], password=options["password"], say=say)
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
