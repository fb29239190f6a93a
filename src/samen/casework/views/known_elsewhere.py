"""Known elsewhere: on the signal page, the other municipalities of the installation where the
person is known, and whom to contact there; every check and every hit is audited, and each
municipality found is told once (a notice on its coordinators' start page and a link-only
e-mail)."""

from __future__ import annotations

from typing import Any

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest
from samen.accounts.queries import users_with
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework import policy
from samen.casework.actions.known_elsewhere import tell_municipalities
from samen.casework.models import Signal


def known_elsewhere(request: AuthenticatedRequest, signal: Signal) -> dict[str, Any]:
    """The municipalities that know the person, each with its weighing team to contact."""
    if not (signal.subject_index and signal.subject_birth_date):
        return {}
    if not request.user.can(Capability.INTAKE_SIGNALS):
        return {}
    actor = Actor.of(request)
    found = list(policy.municipalities_knowing(request.user, signal))
    record(
        actor,
        "casework.person.known_elsewhere_check",
        signal,
        object_label=f"{signal.reference}: {len(found)} municipality(ies)",
    )
    contacts: dict[int, list[Any]] = {org.pk: [] for org in found}
    for user in users_with(Capability.WEIGH_SIGNALS, list(contacts)).select_related(None):
        contacts.setdefault(user.organisation_id, []).append(user)
    for org in found:
        record(
            actor,
            "casework.person.known_elsewhere_hit",
            signal,
            object_label=f"{signal.reference}: known in {org.name}",
        )
    if found:
        # Point 2, told actively: the other municipalities' coordinators, once per signal.
        tell_municipalities(actor, signal, found)
    return {"known_elsewhere": [(org, contacts.get(org.pk, [])) for org in found]}
