"""Every change of accounts state; each writes its audit entry in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.models import Organisation, User
from samen.audit.services import record


@transaction.atomic
def save_user(request: HttpRequest, user: User, roles: Any, password: str) -> User:
    created = user.pk is None
    if password:
        user.set_password(password)
    user.save()
    user.roles.set(roles)
    record(
        request,
        "accounts.user.create" if created else "accounts.user.update",
        user,
        object_label=_user_label(user),
    )
    return user


def _user_label(user: User) -> str:
    """The snapshot the audit log keeps: who, where, which roles, active or not."""
    roles = ",".join(sorted(role.code for role in user.roles.all()))
    state = "active" if user.is_active else "inactive"
    return f"{user.username} @ {user.organisation.name}: [{roles}] {state}"


@transaction.atomic
def create_first_administrator(
    *, username: str, full_name: str, password: str, municipality_name: str
) -> User:
    """The first account of a new installation (used by `samen create-administrator`)."""
    from samen.accounts.models import Organisation, Role

    municipality, _ = Organisation.objects.get_or_create(
        name=municipality_name, defaults={"kind": Organisation.Kind.MUNICIPALITY}
    )
    user = User.objects.create_user(
        username, password, full_name=full_name, organisation=municipality
    )
    user.roles.set([Role.objects.get(code="administrator")])
    record(None, "accounts.user.create", user, object_label=_user_label(user))
    return user


@transaction.atomic
def start_totp_enrolment(user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user; an earlier unconfirmed one is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(request: HttpRequest, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(request, "accounts.two_factor.enrolled", device.user)


@transaction.atomic
def reset_two_factor(request: HttpRequest, user: User, reason: str) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    record(request, "accounts.two_factor.reset", user, reason=reason)


@transaction.atomic
def save_organisation(request: HttpRequest, organisation: Organisation) -> Organisation:
    created = organisation.pk is None
    organisation.save()
    covenant = (
        f"covenant {organisation.covenant_signed_on}"
        if organisation.covenant_signed
        else "no covenant"
    )
    record(
        request,
        "accounts.organisation.create" if created else "accounts.organisation.update",
        organisation,
        object_label=f"{organisation.name} ({organisation.kind}, {covenant})",
    )
    return organisation
