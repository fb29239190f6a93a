from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.services import current_anchor


class Command(BaseCommand):
    help = (
        "Write the head of the audit chain (id, hash, time, count) as JSON to a file and to "
        "standard output; keep it outside samen's reach and check with audit-verify --anchor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", metavar="FILE", help="the anchor file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        text = current_anchor().as_json() + "\n"
        if options["output"]:
            path = Path(options["output"])
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {path}: {exc}") from exc
        self.stdout.write(text, ending="")
