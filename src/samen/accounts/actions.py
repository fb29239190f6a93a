"""Every change of accounts state; each writes its audit entry in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.models import User
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
    )
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
