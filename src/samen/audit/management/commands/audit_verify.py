from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.chain import Anchor, ChainReport, verify_export
from samen.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit log; exit non-zero at the first broken entry. "
        "With --anchor, also check the entry an anchor file pinned (detects a rebuilt or "
        "truncated chain); with --export, check an exported file instead of the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", metavar="FILE", help="an anchor file (samen audit-anchor)")
        parser.add_argument(
            "--export",
            metavar="FILE",
            help="check this export (samen audit-export) without reading the database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = None
        if options["anchor"]:
            try:
                anchor = Anchor.load(options["anchor"])
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise CommandError(f"cannot read the anchor file: {exc}") from exc
        report: ChainReport
        if options["export"]:
            try:
                report = verify_export(options["export"], anchor)
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"not a valid audit export: {exc}") from exc
        else:
            report = verify_chain(anchor)
        if not report.intact:
            raise CommandError(report.describe())
        message = report.describe()
        if anchor is not None and anchor.id is not None:
            message += f"; anchored entry {anchor.id} present with its hash"
        self.stdout.write(message)
