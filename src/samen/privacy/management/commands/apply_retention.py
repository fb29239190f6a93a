"""``samen apply-retention``: remove personal data past its term (run daily from cron)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from samen.privacy.retention import apply_retention
from samen.privacy.tasks import apply_retention_task


class Command(BaseCommand):
    help = (
        "Remove personal data past its retention term and keep anonymous counts. "
        "Prints references and counts only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be removed."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the retention task for the worker instead of running it here.",
        )
        parser.add_argument(
            "--today", type=date.fromisoformat, help="Run as on this day (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = apply_retention_task.enqueue()
            self.stdout.write(f"queued retention task {result.id}")
            return
        report = apply_retention(
            options["today"] or timezone.localdate(), dry_run=options["dry_run"]
        )
        verb = "would remove" if report.dry_run else "removed"
        for name, items in (
            ("cases", report.cases),
            ("signals", report.signals),
            ("attachments", report.attachments),
            ("persons (removed)", report.persons_removed),
            ("persons (details erased)", report.persons_erased),
            ("contact persons", report.contacts),
            ("key figures", report.key_figures),
            ("training participants (names)", report.participants),
        ):
            self.stdout.write(
                f"{verb} {len(items)} {name}" + (f": {', '.join(items)}" if items else "")
            )
