"""The audit log as sentences in the reader's language: who did what to which object.

The action's description comes from the audit registry (translatable, registered with the
action id); the object from its label, else the model's name and id. No query: the page's
entries are read once, and the registry and the model names are in memory."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.audit import registry
from samen.audit.models import AuditEntry

# How much of a request id a line shows (its start is enough to tell requests apart).
REQUEST_ID_SHOWN = 12


@dataclass(frozen=True)
class Line:
    entry: AuditEntry
    who: str
    what: str
    subject: str
    refused: bool
    # The moment in local time (ISO 8601, for ``<time datetime>``) and the request id as the
    # page shortens it: written here once rather than by template filters on every line (the
    # filters were a quarter of the page's rendering).
    moment: str
    request: str


def describe_action(action_id: str) -> str:
    """What the action id means, in the reader's language (the audit registry's description)."""
    try:
        return str(registry.get(action_id).description)
    except LookupError:  # an id registered once and since removed: the id itself
        return action_id


def _subject(entry: AuditEntry) -> str:
    if entry.object_label:
        return entry.object_label
    if not entry.object_type:
        return ""
    try:
        name = str(apps.get_model(entry.object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        name = entry.object_type
    return f"{name} {entry.object_id}".strip()


def _short(request_id: str, length: int = REQUEST_ID_SHOWN) -> str:
    """The request id as ``truncatechars`` shortens it: the first characters and an ellipsis."""
    return request_id if len(request_id) <= length else f"{request_id[: length - 1]}…"


def lines_of(entries: list[AuditEntry]) -> list[Line]:
    return [
        Line(
            entry=entry,
            who=entry.user_label or _("someone not logged in"),
            what=describe_action(entry.action),
            subject=_subject(entry),
            refused=entry.outcome != AuditEntry.Outcome.ALLOWED,
            moment=timezone.localtime(entry.timestamp).isoformat(),
            request=_short(entry.request_id),
        )
        for entry in entries
    ]
