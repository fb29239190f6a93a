"""``samen remind-informing``: remind case managers of postponements of informing the person
that have passed (run daily from cron, or ``--enqueue`` for the worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samen.casework.tasks import remind_postponed_informing


class Command(BaseCommand):
    help = "E-mail a link-only reminder for every case whose postponed informing has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue the task for the worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = remind_postponed_informing.enqueue()
            self.stdout.write(f"queued informing reminders {result.id}")
            return
        sent = remind_postponed_informing.call()
        self.stdout.write(f"{sent} reminder(s) sent")
