from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.actor import Actor
from samen.audit.denials import flush_denials
from samen.audit.export import export_log
from samen.audit.services import record


class Command(BaseCommand):
    help = (
        "Export the audit log as JSON Lines (one entry per line, every field and both hashes, "
        "and a final line with the count and the head hash) for an independent check."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, metavar="FILE", help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        flush_denials()
        try:
            with path.open("w", encoding="utf-8") as stream:
                # Recorded first, so the export holds the entry saying it was exported, and when.
                record(
                    Actor.system(),
                    "audit.log.export",
                    object_type="audit.log",
                    object_label=path.name,
                )
                anchor = export_log(stream)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc}") from exc
        self.stdout.write(
            f"exported {anchor.count} audit entries to {path}; head {anchor.id} {anchor.entry_hash}"
        )
