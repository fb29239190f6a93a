"""Rebuild the knowledge hub's search index (after a restore or a move between databases)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samen.audit.actor import Actor
from samen.core.maintenance import after_bulk_load
from samen.hub.actions import rebuild_index

INDEX_TABLES = (
    "hub_searchsource",
    "hub_searchentry",
    "hub_searchposting",
    "hub_searchsourceterm",
    "hub_searchterm",
    "hub_searchword",
)


class Command(BaseCommand):
    help = "Rebuild every search entry of the knowledge hub."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index(Actor.system())
        # The rebuilt index is read through covering indexes (core.maintenance).
        statement = after_bulk_load(*INDEX_TABLES)
        self.stdout.write(f"{count} search entries ({statement})")
