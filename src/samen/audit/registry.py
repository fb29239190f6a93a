"""Registered audit action ids. Recording an unregistered action is a programming error."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class AuditAction:
    id: str
    description: str | Promise
    requires_reason: bool = False
    personal_data: bool = False


ACTIONS: dict[str, AuditAction] = {}


def register(
    action_id: str,
    description: str | Promise,
    *,
    requires_reason: bool = False,
    personal_data: bool = False,
) -> AuditAction:
    if action_id in ACTIONS:
        raise ValueError(f"audit action {action_id} registered twice")
    action = AuditAction(action_id, description, requires_reason, personal_data)
    ACTIONS[action_id] = action
    return action


def get(action_id: str) -> AuditAction:
    try:
        return ACTIONS[action_id]
    except KeyError:
        raise LookupError(f"audit action {action_id} is not registered") from None
