"""Regions: which municipalities a user works for, and what an administrator administers.

One installation serves several municipalities (a Zorg- en Veiligheidshuis for a region). A
user works for the municipality of their organisation and, in a regional role, for the
municipalities they were given (``User.municipalities``, among those their organisation serves).
Every scoped rule starts from ``municipality_ids``: the casework policy
(``samen.casework.policy``) for personal data and the audit log, and the rules below for the
accounts pages, which sit below casework in the layers and so keep their rules here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from samen.accounts.capabilities import Capability
from samen.accounts.models import AccessRequest, Organisation, User


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def municipality_ids(user: Any) -> frozenset[int]:
    """The municipalities the user works for (none for anonymous or inactive users)."""
    if not _active(user):
        return frozenset()
    return frozenset(user.municipality_ids)


def _administrator_scope(user: Any) -> frozenset[int]:
    if not _active(user):
        return frozenset()
    if not user.can(Capability.MANAGE_USERS):
        return frozenset()
    if user.is_client:
        return frozenset()
    return municipality_ids(user)


def _belongs_to(ids: frozenset[int], prefix: str = "") -> Q:
    """An organisation whose home municipality is among ``ids``: the municipality itself or a
    partner of it."""
    return Q(**{f"{prefix}pk__in": ids}) | Q(**{f"{prefix}municipality_id__in": ids})


def organisations_administered_by(user: Any) -> QuerySet[Organisation]:
    """The administrator's municipalities and the partners whose home they are."""
    ids = _administrator_scope(user)
    if not ids:
        return Organisation.objects.none()
    return Organisation.objects.filter(_belongs_to(ids))


def organisations_listed_for(user: Any) -> QuerySet[Organisation]:
    """What the organisation list shows: those administered, and partners of other
    municipalities that also serve one of the administrator's (read-only there)."""
    ids = _administrator_scope(user)
    if not ids:
        return Organisation.objects.none()
    return Organisation.objects.filter(_belongs_to(ids) | Q(serves__in=ids)).distinct()


def municipalities_administered_by(user: Any) -> QuerySet[Organisation]:
    ids = _administrator_scope(user)
    return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.MUNICIPALITY)


def users_administered_by(user: Any) -> QuerySet[User]:
    """Users of the administered organisations: an administrator of one municipality never
    sees nor changes the users of another."""
    ids = _administrator_scope(user)
    if not ids:
        return User.objects.none()
    return User.objects.filter(_belongs_to(ids, "organisation__"))


def requests_decidable_by(user: Any) -> QuerySet[AccessRequest]:
    """Pending requests about users of the approver's municipalities. Whether this approver
    may decide one (not their own, not about themselves, every municipality it reaches within
    theirs) is checked by ``may_decide``."""
    if not _active(user) or user.is_client or not user.can(Capability.APPROVE_ACCESS):
        return AccessRequest.objects.none()
    ids = municipality_ids(user)
    return AccessRequest.objects.filter(
        _belongs_to(ids, "subject__organisation__"),
        status=AccessRequest.Status.PENDING,
    )


def may_decide(user: Any, request: AccessRequest) -> bool:
    """Four eyes: a second person, not the one it is about, whose municipalities cover every
    municipality the request reaches."""
    if not _active(user) or user.is_client:
        return False
    if not user.can(Capability.APPROVE_ACCESS):
        return False
    if request.requested_by_id == user.pk:
        return False
    if request.subject_id == user.pk:
        return False
    return request.municipality_ids <= municipality_ids(user)
