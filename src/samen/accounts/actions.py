"""Every change of accounts state; each writes its audit entry in the same transaction and
takes an explicit actor and explicit values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.models import Organisation, Role, User
from samen.audit.actor import Actor
from samen.audit.services import record


def _user_label(user: User) -> str:
    """The snapshot the audit log keeps: who, where, which roles, active or not."""
    roles = ",".join(sorted(role.code for role in user.roles.all()))
    state = "active" if user.is_active else "inactive"
    return f"{user.username} @ {user.organisation.name}: [{roles}] {state}"


@transaction.atomic
def save_user(
    actor: Actor,
    user: User | None,
    *,
    username: str,
    full_name: str,
    email: str,
    organisation: Organisation,
    roles: Iterable[Role],
    is_active: bool,
    password: str = "",
) -> User:
    """Create a user (``user`` None) or change one; nobody changes their own account here."""
    created = user is None
    user = User() if user is None else User.objects.select_for_update().get(pk=user.pk)
    user.username = username
    user.full_name = full_name
    user.email = email
    user.organisation = organisation
    user.is_active = is_active
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    user.roles.set(roles)
    record(
        actor,
        "accounts.user.create" if created else "accounts.user.update",
        user,
        object_label=_user_label(user),
    )
    return user


@transaction.atomic
def create_first_administrator(
    *, username: str, full_name: str, password: str, municipality_name: str
) -> User:
    """The first account of a new installation (used by `samen create-administrator`)."""
    municipality, _ = Organisation.objects.get_or_create(
        name=municipality_name, defaults={"kind": Organisation.Kind.MUNICIPALITY}
    )
    user = User.objects.create_user(
        username, password, full_name=full_name, organisation=municipality
    )
    user.roles.set([Role.objects.get(code="administrator")])
    record(Actor.system(), "accounts.user.create", user, object_label=_user_label(user))
    return user


@transaction.atomic
def start_totp_enrolment(user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user; an earlier unconfirmed one is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(actor: Actor, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor, "accounts.two_factor.enrolled", device.user)


@transaction.atomic
def reset_two_factor(actor: Actor, user: User, *, reason: str) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    record(actor, "accounts.two_factor.reset", user, reason=reason)


@transaction.atomic
def save_organisation(
    actor: Actor,
    organisation: Organisation | None,
    *,
    name: str,
    kind: str,
    municipality: Organisation | None,
    covenant_signed: bool,
    covenant_signed_on: date | None,
) -> Organisation:
    created = organisation is None
    if organisation is None:
        organisation = Organisation()
    else:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.name = name
    organisation.kind = kind
    organisation.municipality = municipality
    organisation.covenant_signed = covenant_signed
    organisation.covenant_signed_on = covenant_signed_on
    organisation.full_clean()
    organisation.save()
    covenant = (
        f"covenant {organisation.covenant_signed_on}"
        if organisation.covenant_signed
        else "no covenant"
    )
    record(
        actor,
        "accounts.organisation.create" if created else "accounts.organisation.update",
        organisation,
        object_label=f"{organisation.name} ({organisation.kind}, {covenant})",
    )
    return organisation
