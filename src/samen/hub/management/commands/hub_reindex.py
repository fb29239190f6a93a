"""Rebuild the knowledge hub's search index (after a restore or a move between databases)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samen.audit.actor import Actor
from samen.hub.actions import rebuild_index


class Command(BaseCommand):
    help = "Rebuild every search entry of the knowledge hub."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index(Actor.system())
        self.stdout.write(f"{count} search entries")
