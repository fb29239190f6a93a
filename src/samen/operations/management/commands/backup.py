from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.operations.backup import BackupError, backup, database_vendor, postgres_instructions


class Command(BaseCommand):
    help = (
        "Back up the SQLite database (online, consistent while the server runs) and the "
        "encrypted attachments into a new folder. On PostgreSQL: prints the pg_dump commands."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", required=True, metavar="FOLDER", help="a new or empty folder"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if database_vendor() != "sqlite":
            raise CommandError(postgres_instructions("backup"))
        folder = Path(options["output"])
        # Recorded first, so the backup holds the entry saying it was made.
        record(
            Actor.system(),
            "operations.backup.create",
            object_type="operations.backup",
            object_label=folder.name,
        )
        try:
            manifest = backup(folder)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup written to {folder}: {sum(manifest.tables.values())} rows in "
            f"{len(manifest.tables)} tables, {manifest.attachments} attachment files, audit "
            f"head {manifest.audit.id} {manifest.audit.entry_hash}. The field-encryption keys "
            "are not in it: keep them backed up separately."
        )
