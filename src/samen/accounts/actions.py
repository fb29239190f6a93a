"""Every change of accounts state; each writes its audit entry in the same transaction and
takes an explicit actor and explicit values.

Four eyes: no administrator alone gives anyone access to personal data. A role that reaches
personal data (``GRANT_NEEDS_APPROVAL``), an extra municipality of a regional role, a reset of
the second factor, a set-up link for an account that reaches personal data and a machine
client's token take effect only when a second person approves the ``AccessRequest``
(``decide``). Administrators never choose another user's password: a new account gets a
one-time set-up link. Taking something away (a role, a municipality, an account, a token)
needs nobody else.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from samen.accounts.capabilities import CLIENT_ROLES, GRANT_NEEDS_APPROVAL
from samen.accounts.models import AccessRequest, Organisation, Role, SetupLink, User
from samen.accounts.scope import (
    may_decide,
    municipality_ids,
    organisations_administered_by,
    users_administered_by,
)
from samen.audit.actor import Actor
from samen.audit.services import record

SETUP_LINK_HOURS = 72
CLIENT_TOKEN_MAX_DAYS = 366


class AccessError(Exception):
    """A change the acting person may not make (four eyes, regions, their own account). The
    message is for the person (translated)."""


def _user_label(user: User) -> str:
    """The snapshot the audit log keeps: who, where, which roles, active or not."""
    roles = ",".join(sorted(role.code for role in user.roles.all()))
    extra = ",".join(sorted(str(pk) for pk in user.municipalities.values_list("pk", flat=True)))
    state = "active" if user.is_active else "inactive"
    where = f" +municipalities [{extra}]" if extra else ""
    return f"{user.username} @ {user.organisation.name}: [{roles}]{where} {state}"


def needs_approval(role: Role) -> bool:
    """Whether granting the role takes a second person: it reaches personal data, approves
    grants, or is a machine client's scope."""
    return bool(set(role.capabilities) & {str(c) for c in GRANT_NEEDS_APPROVAL})


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- set-up links -------------------------------------------------------------------------


def _issue_setup_link(actor: Actor, user: User, *, handed_to: User | None) -> str:
    """A new one-time token for the user (earlier unused links stop working); the caller
    shows it once or e-mails it. Returns the token, of which only a hash is kept."""
    SetupLink.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    SetupLink.objects.create(
        user=user,
        token_hash=_hash(token),
        created_by=actor.user,
        expires_at=timezone.now() + timedelta(hours=SETUP_LINK_HOURS),
    )
    User.objects.filter(pk=user.pk).update(credentials_handed_by=handed_to)
    record(actor, "accounts.setup_link.issued", user)
    return token


def setup_link_for(token: str) -> SetupLink | None:
    """The usable link of a token, or None (unknown, used or expired)."""
    link = SetupLink.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if link is None or not link.usable or not link.user.is_active or link.user.is_client:
        return None
    return link


@transaction.atomic
def use_setup_link(actor: Actor, token: str, *, password: str) -> User:
    """The user chooses their password with the link; the link is then spent. Sessions of the
    account end, so whoever was logged in with the old password is out."""
    link = SetupLink.objects.select_for_update().filter(token_hash=_hash(token)).first()
    if link is None or not link.usable:
        raise AccessError(_("This set-up link is not valid any more. Ask for a new one."))
    user = User.objects.select_for_update().get(pk=link.user_id)
    user.set_password(password)
    user.save(update_fields=["password"])
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    _end_sessions(user)
    record(actor, "accounts.setup_link.used", user)
    return user


def _end_sessions(user: User) -> None:
    """Delete the user's database sessions (the session store holds the user id encoded)."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


# --- users --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedUser:
    user: User
    # The grant waiting for a second person, when the change asked for one.
    pending: AccessRequest | None = None
    # A new account's one-time set-up token (to show once); empty otherwise.
    setup_token: str = ""


def _check_administers(actor: Actor, user: User | None, organisation: Organisation) -> User:
    admin = actor.acting_user
    if user is not None and user.pk == admin.pk:
        raise AccessError(_("Nobody changes their own account here; ask another administrator."))
    if user is not None and not users_administered_by(admin).filter(pk=user.pk).exists():
        raise AccessError(_("This user belongs to a municipality you do not administer."))
    if not organisations_administered_by(admin).filter(pk=organisation.pk).exists():
        raise AccessError(_("This organisation belongs to a municipality you do not administer."))
    if user is not None and user.is_client:
        raise AccessError(_("A machine client is changed on its own page."))
    return admin


def _allowed_municipalities(
    admin: User, organisation: Organisation, wanted: Iterable[Organisation]
) -> set[Organisation]:
    wanted = set(wanted)
    served = set(organisation.serves.all())
    if not wanted <= served:
        raise AccessError(_("A user can only be given municipalities their organisation serves."))
    if not {m.pk for m in wanted} <= municipality_ids(admin):
        raise AccessError(_("You can only give municipalities you administer."))
    return wanted


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
    municipalities: Iterable[Organisation] = (),
) -> SavedUser:
    """Create a user (``user`` None) or change one, as an administrator of the user's
    municipality. Roles without personal data, and every removal, take effect at once; roles
    and municipalities that reach personal data become one pending ``AccessRequest`` for a
    second person (replacing an earlier pending one). Moving a user to another organisation
    or switching the account on again asks for their personal-data roles anew. A new account
    gets a set-up link instead of a password."""
    admin = _check_administers(actor, user, organisation)
    wanted_municipalities = _allowed_municipalities(admin, organisation, municipalities)
    created = user is None
    if user is None:
        user = User()
        before_roles: set[Role] = set()
        before_municipalities: set[Organisation] = set()
        moved = reactivated = False
    else:
        user = User.objects.select_for_update().get(pk=user.pk)
        before_roles = set(user.roles.all())
        before_municipalities = set(user.municipalities.all())
        moved = user.organisation_id != organisation.pk
        reactivated = is_active and not user.is_active
    user.username = username
    user.full_name = full_name
    user.email = email
    user.organisation = organisation
    user.is_active = is_active
    if created:
        user.set_unusable_password()
    user.save()

    wanted_roles = set(roles)
    # What the user keeps without asking: roles without personal data, and the personal-data
    # roles and municipalities they had, unless the account moved or comes back.
    kept_roles = {r for r in wanted_roles if not needs_approval(r)}
    kept_municipalities: set[Organisation] = set()
    if not (moved or reactivated):
        kept_roles |= wanted_roles & before_roles
        kept_municipalities = wanted_municipalities & before_municipalities
    user.roles.set(kept_roles)
    user.municipalities.set(kept_municipalities)
    asked_roles = wanted_roles - kept_roles
    asked_municipalities = wanted_municipalities - kept_municipalities
    # Municipalities widen what the personal-data roles reach: they wait with them.
    pending = _replace_pending_grant(
        actor, user, asked_roles, asked_municipalities, moved=moved or reactivated
    )
    record(
        actor,
        "accounts.user.create" if created else "accounts.user.update",
        user,
        object_label=_user_label(user),
    )
    token = _issue_setup_link(actor, user, handed_to=admin) if created else ""
    return SavedUser(user=user, pending=pending, setup_token=token)


def _replace_pending_grant(
    actor: Actor,
    user: User,
    roles: set[Role],
    municipalities: set[Organisation],
    *,
    moved: bool,
) -> AccessRequest | None:
    pending = (
        AccessRequest.objects.select_for_update()
        .filter(subject=user, kind=AccessRequest.Kind.GRANT, status=AccessRequest.Status.PENDING)
        .first()
    )
    if pending is not None:
        same = set(pending.roles.all()) == roles and set(pending.municipalities.all()) == (
            municipalities
        )
        if same and (roles or municipalities):
            return pending
        pending.status = AccessRequest.Status.WITHDRAWN
        pending.decided_by = actor.user
        pending.decided_at = timezone.now()
        pending.save(update_fields=["status", "decided_by", "decided_at"])
        record(actor, "accounts.access.withdrawn", pending)
    if not roles and not municipalities:
        return None
    request = AccessRequest.objects.create(
        kind=AccessRequest.Kind.GRANT,
        subject=user,
        requested_by=actor.acting_user,
        reason="moved or reactivated" if moved else "",
    )
    request.roles.set(roles)
    request.municipalities.set(municipalities)
    record(actor, "accounts.access.requested", request)
    return request


@transaction.atomic
def install_user(
    actor: Actor,
    *,
    username: str,
    full_name: str,
    email: str,
    organisation: Organisation,
    roles: Iterable[Role],
    password: str,
    municipalities: Iterable[Organisation] = (),
) -> User:
    """An account set up by whoever installs samen (the demo, ``samen create-administrator``),
    not by an administrator in samen: refused for an actor who is a user."""
    if actor.user is not None:
        raise AccessError(_("Only the installation itself sets up accounts this way."))
    user = User.objects.create_user(
        username, password or None, full_name=full_name, email=email, organisation=organisation
    )
    user.roles.set(roles)
    user.municipalities.set(municipalities)
    record(actor, "accounts.user.create", user, object_label=_user_label(user))
    return user


@transaction.atomic
def create_first_administrator(
    *, username: str, full_name: str, password: str, municipality_name: str
) -> User:
    """The first account of a new installation (used by `samen create-administrator`)."""
    municipality, _created = Organisation.objects.get_or_create(
        name=municipality_name, defaults={"kind": Organisation.Kind.MUNICIPALITY}
    )
    return install_user(
        Actor.system(),
        username=username,
        full_name=full_name,
        email="",
        organisation=municipality,
        roles=[Role.objects.get(code="administrator")],
        password=password,
    )


# --- requests a second person decides ----------------------------------------------------


def _request(
    actor: Actor, kind: str, user: User, *, reason: str, expires_on: date | None = None
) -> AccessRequest:
    admin = actor.acting_user
    if user.pk == admin.pk:
        raise AccessError(_("Nobody asks this for their own account; ask another administrator."))
    if not users_administered_by(admin).filter(pk=user.pk).exists():
        raise AccessError(_("This user belongs to a municipality you do not administer."))
    if AccessRequest.objects.filter(
        subject=user, kind=kind, status=AccessRequest.Status.PENDING
    ).exists():
        raise AccessError(_("The same request is already waiting for approval."))
    request = AccessRequest.objects.create(
        kind=kind, subject=user, requested_by=admin, reason=reason, token_expires_on=expires_on
    )
    record(actor, "accounts.access.requested", request, reason=reason)
    return request


@transaction.atomic
def request_two_factor_reset(actor: Actor, user: User, *, reason: str) -> AccessRequest:
    """Ask a second person to reset the user's authenticator (e.g. a lost phone)."""
    return _request(actor, AccessRequest.Kind.RESET_TWO_FACTOR, user, reason=reason)


@transaction.atomic
def new_setup_link(actor: Actor, user: User, *, reason: str) -> tuple[str, AccessRequest | None]:
    """A new set-up link for a user who lost their password. For an account without personal
    data the administrator gets it at once; for one with, a second person must approve and
    the link goes to them. Returns the token (or "") and the pending request (or None)."""
    admin = actor.acting_user
    if user.pk == admin.pk or not users_administered_by(admin).filter(pk=user.pk).exists():
        raise AccessError(_("This user belongs to a municipality you do not administer."))
    if user.is_client:
        raise AccessError(_("A machine client has no password."))
    if any(needs_approval(role) for role in user.roles.all()):
        return "", _request(actor, AccessRequest.Kind.SETUP_LINK, user, reason=reason)
    return _issue_setup_link(actor, user, handed_to=admin), None


@dataclass(frozen=True)
class Decision:
    request: AccessRequest
    # A set-up link or client token that the approver hands over, shown once; or "".
    secret: str = ""
    # What the secret is: "setup_link" or "token".
    secret_kind: str = ""


@transaction.atomic
def decide(actor: Actor, request: AccessRequest, *, approve: bool, reason: str = "") -> Decision:
    """A second person approves or refuses a pending request; approval applies it."""
    approver = actor.acting_user
    request = AccessRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != AccessRequest.Status.PENDING:
        raise AccessError(_("This request was already decided."))
    if not may_decide(approver, request):
        raise AccessError(
            _(
                "Another person decides this: not who asked, not whom it is about, and one who "
                "works for every municipality it reaches."
            )
        )
    request.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.REFUSED
    request.decided_by = approver
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    if not approve:
        record(actor, "accounts.access.refused", request, reason=reason)
        return Decision(request)
    record(actor, "accounts.access.approved", request, reason=reason)
    subject = User.objects.select_for_update().get(pk=request.subject_id)
    if request.kind == AccessRequest.Kind.GRANT:
        return _apply_grant(actor, request, subject)
    if request.kind == AccessRequest.Kind.RESET_TWO_FACTOR:
        TOTPDevice.objects.filter(user=subject).delete()
        record(actor, "accounts.two_factor.reset", subject, reason=request.reason or "approved")
        return Decision(request)
    if request.kind == AccessRequest.Kind.SETUP_LINK:
        token = _issue_setup_link(actor, subject, handed_to=approver)
        return Decision(request, token, "setup_link")
    return _issue_client_token(actor, request, subject)


def _apply_grant(actor: Actor, request: AccessRequest, subject: User) -> Decision:
    subject.roles.add(*request.roles.all())
    subject.municipalities.add(*request.municipalities.all())
    record(actor, "accounts.user.update", subject, object_label=_user_label(subject))
    handed_by_requester = subject.credentials_handed_by_id == request.requested_by_id
    if handed_by_requester and subject.has_usable_password():
        # The administrator who asked for the roles also held this account's set-up link:
        # the password they could have chosen stops working, and the user sets up again with
        # a link the approver hands over.
        subject.set_unusable_password()
        subject.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=subject).delete()
        _end_sessions(subject)
        token = _issue_setup_link(actor, subject, handed_to=actor.acting_user)
        return Decision(request, token, "setup_link")
    return Decision(request)


# --- second factor --------------------------------------------------------------------------


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


# --- machine clients ----------------------------------------------------------------------


@transaction.atomic
def register_client(
    actor: Actor,
    *,
    name: str,
    organisation: Organisation,
    scopes: Iterable[Role],
    expires_on: date,
    reason: str,
) -> AccessRequest:
    """A partner system of ``organisation`` (a user that signs in with a token only). Its
    scopes and first token wait for a second person."""
    admin = actor.acting_user
    if not organisations_administered_by(admin).filter(pk=organisation.pk).exists():
        raise AccessError(_("This organisation belongs to a municipality you do not administer."))
    scopes = list(scopes)
    if not scopes or any(role.code not in CLIENT_ROLES for role in scopes):
        raise AccessError(_("Choose the client's scopes."))
    _check_expiry(expires_on)
    client = User(
        username=f"client:{name}",
        full_name=name,
        organisation=organisation,
        is_client=True,
    )
    client.set_unusable_password()
    client.save()
    record(actor, "accounts.client.register", client, object_label=_user_label(client))
    request = _request(
        actor, AccessRequest.Kind.CLIENT, client, reason=reason, expires_on=expires_on
    )
    request.roles.set(scopes)
    return request


def _check_expiry(expires_on: date) -> None:
    today = timezone.localdate()
    if not today < expires_on <= today + timedelta(days=CLIENT_TOKEN_MAX_DAYS):
        raise AccessError(_("A token is valid from tomorrow up to a year ahead."))


@transaction.atomic
def request_client_token(
    actor: Actor, client: User, *, expires_on: date, reason: str
) -> AccessRequest:
    """Ask for a new token for a registered client (the old ones keep working until revoked
    or expired); a second person approves."""
    if not client.is_client:
        raise AccessError(_("This is not a machine client."))
    _check_expiry(expires_on)
    request = _request(
        actor, AccessRequest.Kind.CLIENT, client, reason=reason, expires_on=expires_on
    )
    request.roles.set(client.roles.all())
    return request


def _issue_client_token(actor: Actor, request: AccessRequest, client: User) -> Decision:
    client.roles.set(request.roles.all())
    if not client.is_active:
        client.is_active = True
        client.save(update_fields=["is_active"])
    assert request.token_expires_on is not None
    until = timezone.make_aware(datetime.combine(request.token_expires_on, time.max))
    _token_row, token = AuthToken.objects.create(
        user=client, expiry=until - timezone.now(), prefix="samen_"
    )
    record(actor, "accounts.client.token", client, object_label=_user_label(client))
    return Decision(request, token, "token")


@transaction.atomic
def revoke_client(actor: Actor, client: User, *, reason: str) -> int:
    """Revoke every token of the client and switch it off; returns the number of tokens."""
    admin = actor.acting_user
    if not client.is_client or not users_administered_by(admin).filter(pk=client.pk).exists():
        raise AccessError(_("This user belongs to a municipality you do not administer."))
    client = User.objects.select_for_update().get(pk=client.pk)
    count, _deleted = AuthToken.objects.filter(user=client).delete()
    client.is_active = False
    client.save(update_fields=["is_active"])
    client.roles.clear()
    record(actor, "accounts.client.revoke", client, reason=reason)
    return count


# --- organisations ------------------------------------------------------------------------


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
    serves: Iterable[Organisation] = (),
    weighing_term_days: int | None = None,
) -> Organisation:
    """Add or change an organisation. An administrator (a user) changes only organisations of
    their municipalities and declares only those as served; the installation (no user, e.g.
    the demo) sets up any."""
    serves = set(serves)
    if actor.user is not None:
        scope = municipality_ids(actor.user)
        administered = organisations_administered_by(actor.user)
        if organisation is not None and not administered.filter(pk=organisation.pk).exists():
            raise AccessError(
                _("This organisation belongs to a municipality you do not administer.")
            )
        if municipality is None and kind != Organisation.Kind.MUNICIPALITY:
            raise AccessError(_("Choose the municipality this organisation belongs to."))
        if municipality is not None and municipality.pk not in scope:
            raise AccessError(_("You can only add organisations to municipalities you administer."))
        if kind == Organisation.Kind.MUNICIPALITY and organisation is None:
            raise AccessError(_("A new municipality is added by whoever installs samen."))
        if not {m.pk for m in serves} <= scope:
            raise AccessError(_("You can only give municipalities you administer."))
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
    organisation.weighing_term_days = weighing_term_days
    organisation.full_clean()
    organisation.save()
    organisation.serves.set(serves)
    covenant = (
        f"covenant {organisation.covenant_signed_on}"
        if organisation.covenant_signed
        else "no covenant"
    )
    served = ",".join(sorted(str(m.pk) for m in serves))
    record(
        actor,
        "accounts.organisation.create" if created else "accounts.organisation.update",
        organisation,
        object_label=f"{organisation.name} ({organisation.kind}, {covenant}, serves [{served}])",
    )
    return organisation
