"""Logins, failed logins and logouts go to the audit log."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import record


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(Actor.for_user(user, Actor.of(request).request_id), "accounts.login", user)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Actor.for_user(user, Actor.of(request).request_id), "accounts.logout", user)


@receiver(user_login_failed)
def audit_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record(
        Actor.of(request) if request is not None else Actor.system(),
        "accounts.login.failed",
        outcome=AuditEntry.Outcome.DENIED,
        object_type="accounts.user",
        object_label=str(credentials.get("username", ""))[:150],
    )
