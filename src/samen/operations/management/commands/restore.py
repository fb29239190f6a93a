from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.operations.backup import (
    ATTACHMENTS,
    DATABASE_FILE,
    BackupError,
    database_vendor,
    postgres_instructions,
    restore,
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by samen backup into the configured SQLite database and "
        "attachments folder (or into a new data folder with --target), then check its "
        "integrity, audit chain and row counts. On PostgreSQL: prints the pg_restore commands."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, metavar="FOLDER", help="the folder samen backup wrote"
        )
        parser.add_argument(
            "--target",
            metavar="FOLDER",
            help=f"restore into this data folder ({DATABASE_FILE} and {ATTACHMENTS}/) instead "
            "of the configured database and attachments",
        )
        parser.add_argument("--force", action="store_true", help="replace a target that holds data")

    def handle(self, *args: Any, **options: Any) -> None:
        if database_vendor() != "sqlite":
            raise CommandError(postgres_instructions("restore"))
        target = Path(options["target"]) if options["target"] else None
        # Our own connection must not hold the file we overwrite.
        connections.close_all()
        try:
            restored = restore(
                Path(options["input"]),
                database=target / DATABASE_FILE if target else None,
                attachments=target / ATTACHMENTS if target else None,
                force=options["force"],
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if target is None:
            record(
                Actor.system(),
                "operations.backup.restore",
                object_type="operations.backup",
                object_label=f"{Path(options['input']).name} ({restored.manifest.created})",
            )
        self.stdout.write(
            f"restored {restored.database} and {restored.attachments} from the backup of "
            f"{restored.manifest.created}: integrity ok, {restored.audit.describe()}, "
            "row counts equal"
        )
