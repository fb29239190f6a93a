from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.audit.services import prune


class Command(BaseCommand):
    help = (
        "Remove audit entries older than the audit log's retention term "
        "(SAMEN_RETENTION_AUDIT_YEARS); a checkpoint entry keeps the chain verifiable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args: Any, **options: Any) -> None:
        before = timezone.now() - timedelta(days=365 * settings.RETENTION_AUDIT_YEARS)
        if options["dry_run"]:
            count = AuditEntry.objects.filter(timestamp__lt=before).count()
            self.stdout.write(f"{count} audit entries are older than {before:%Y-%m-%d}")
            return
        removed = prune(before)
        self.stdout.write(f"{removed} audit entries older than {before:%Y-%m-%d} removed")
