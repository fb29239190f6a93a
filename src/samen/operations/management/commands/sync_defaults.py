"""``samen sync-defaults``: bring the shipped defaults (roles, thesaurus) up to date."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samen.accounts.roles import sync_default_roles
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.hub.thesaurus import sync_thesaurus


class Command(BaseCommand):
    help = (
        "Bring the default roles (and the knowledge hub's shipped thesaurus) of an existing "
        "database up to the current definition. Roles and concepts an installation made itself "
        "are left alone. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only say what would change.")

    def handle(self, *args: Any, **options: Any) -> None:
        changes = sync_default_roles(Actor.system(), dry_run=options["dry_run"])
        for change in changes:
            self.stdout.write(f"role {change}")
        self.stdout.write(f"roles changed: {len(changes)}")
        if options["dry_run"]:
            self.stdout.write("thesaurus: not looked at in a dry run")
            return
        counts = sync_thesaurus()
        record(
            Actor.system(),
            "hub.thesaurus.sync",
            object_label=", ".join(f"{key} {value}" for key, value in counts.items()),
        )
        self.stdout.write("thesaurus: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
