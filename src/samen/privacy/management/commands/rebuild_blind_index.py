from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.privacy.keys import BATCH_SIZE, rebuild_blind_index


class Command(BaseCommand):
    help = (
        "Recompute the blind indexes (signals' subject, persons' name, the programme's network) "
        "from the decrypted values "
        "under SAMEN_BLIND_INDEX_KEY. Run it after changing that key. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = rebuild_blind_index(options["batch_size"])
        except ImproperlyConfigured as error:
            raise CommandError(
                f"{error}. Put the missing encryption key back in SAMEN_FIELD_ENCRYPTION_KEYS "
                "and run this command again."
            ) from None
        summary = (
            f"signals re-indexed: {report.signals}; persons re-indexed: {report.persons}; "
            f"programme records re-indexed: {report.programme}"
        )
        self.stdout.write(summary)
        record(Actor.system(), "privacy.blind_index.rebuild", object_label=summary)
