from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.privacy.keys import BATCH_SIZE, rotate_field_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column and attachment file under the first key of "
        "SAMEN_FIELD_ENCRYPTION_KEYS (the older keys must still be listed). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        report = rotate_field_keys(options["batch_size"])
        for label, count in sorted(report.rotated.items()):
            self.stdout.write(f"{label}: {count} values re-encrypted")
        summary = (
            f"values re-encrypted: {report.values_rotated}; already under the first key: "
            f"{report.current}; plain values encrypted: {report.encrypted_plain}; "
            f"attachment files re-encrypted: {report.files_rotated}; already under the first "
            f"key: {report.files_current}; missing: {report.files_missing}"
        )
        self.stdout.write(summary)
        record(Actor.system(), "privacy.keys.rotate", object_label=summary[:500])
        self.stdout.write(
            "The old key can now be removed from SAMEN_FIELD_ENCRYPTION_KEYS. The blind index has "
            "a key of its own (SAMEN_BLIND_INDEX_KEY) and needs no rebuild."
        )
