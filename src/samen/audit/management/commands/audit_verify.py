import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.chain import Anchor, ChainReport, verify_export
from samen.audit.services import latest_verified, record_verified, verify_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit log; exit non-zero at the first broken entry. "
        "Starts after the entry the last verification reached (an authenticated checkpoint in "
        "the log); --full walks every entry. With --anchor, also check the entry an anchor "
        "file pinned (detects a rebuilt or truncated chain); with --export, check an exported "
        "file instead of the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", metavar="FILE", help="an anchor file (samen audit-anchor)")
        parser.add_argument(
            "--export",
            metavar="FILE",
            help="check this export (samen audit-export) without reading the database",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="walk every entry, not only those after the last verified checkpoint",
        )
        parser.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="do not append the checkpoint of this verification (a read-only database)",
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
            report = self._verify_database(anchor, options)
        if not report.intact:
            raise CommandError(report.describe())
        message = report.describe()
        if anchor is not None and anchor.id is not None:
            message += f"; anchored entry {anchor.id} present with its hash"
        self.stdout.write(message)

    def _verify_database(self, anchor: Anchor | None, options: dict[str, Any]) -> ChainReport:
        incremental = not options["full"]
        if incremental:
            passed_over = latest_verified().passed_over
            if passed_over:
                self.stderr.write(
                    f"{passed_over} newer verification checkpoint(s) could not be "
                    "authenticated (the secret key changed, or they were forged): passed over"
                )
        started = time.monotonic()
        show = options["verbosity"] >= 1

        def progress(checked: int) -> None:
            if show:
                elapsed = time.monotonic() - started
                self.stderr.write(f"… {checked} entries verified ({elapsed:.1f} s)")

        report = verify_chain(anchor, incremental=incremental, progress=progress)
        if report.intact and not options["no_checkpoint"]:
            record_verified(report)
        return report
