from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samen.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exit non-zero at the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"audit chain broken at entry {report.first_broken_id}: it {report.problem} "
                f"({report.checked} entries before it are intact)"
            )
        self.stdout.write(f"audit chain intact: {report.checked} entries verified")
