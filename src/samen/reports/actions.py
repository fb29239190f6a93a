"""Changes of the yearly account: the coordinator's texts per theme. Each is recorded in the
audit log; a final text is not changed again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.programme.models import Theme
from samen.reports.models import AccountText


class AccountError(Exception):
    """A change the account does not allow (a final text, a theme of another municipality)."""


@transaction.atomic
def save_text(
    actor: Actor,
    municipality_id: int,
    year: int,
    theme: Theme | None,
    *,
    wanted: str,
    did: str,
    conclude: str,
    finalise: bool = False,
) -> AccountText:
    """Write (or rewrite) the draft text of a theme for a year; ``finalise`` makes it final,
    with who finalised it and when."""
    if theme is not None and theme.plan.municipality_id != municipality_id:
        raise AccountError("the theme belongs to another municipality")
    user = actor.acting_user
    text = (
        AccountText.objects.select_for_update()
        .filter(municipality_id=municipality_id, year=year, theme=theme)
        .first()
    )
    if text is None:
        text = AccountText(municipality_id=municipality_id, year=year, theme=theme, updated_by=user)
    elif text.status == AccountText.Status.FINAL:
        raise AccountError("a final text is not changed")
    text.wanted, text.did, text.conclude = wanted, did, conclude
    text.updated_by = user
    if finalise:
        text.status = AccountText.Status.FINAL
        text.finalised_by = user
        text.finalised_at = timezone.now()
    text.save()
    record(actor, "reports.account_text.save", text, object_label=text.audit_label())
    if finalise:
        record(actor, "reports.account_text.finalise", text, object_label=text.audit_label())
    return text
