"""Single sign-on through the municipality's OpenID Connect provider (mozilla-django-oidc).

The provider authenticates; samen decides who gets in, by rule:

- a user is found by the provider's subject (``sub``) once linked, else by the user-name claim
  (``SAMEN_OIDC_USERNAME_CLAIM``) against an account not linked yet, which is then linked;
- without an account, one is created only when ``SAMEN_OIDC_CREATE_USERS`` is on and the
  organisation claim names an organisation in samen; otherwise the login is refused;
- machine clients and switched-off accounts are refused;
- with ``SAMEN_OIDC_MFA=idp`` the ID token must show a second factor (``acr`` among
  ``SAMEN_OIDC_MFA_ACR_VALUES`` or ``amr`` among ``SAMEN_OIDC_MFA_AMR_VALUES``), which then counts
  as samen's second factor; with ``samen`` the user still enters samen's authenticator code;
- with a roles claim (``SAMEN_OIDC_ROLES_CLAIM``) the roles follow the provider: roles without
  personal data at once, the others as a request a second person in samen approves; roles the
  claim no longer holds are taken away.

Every refusal is audited (``accounts.sso.refused``) with its rule; a login as ``accounts.login``
and ``accounts.sso.login``. Logging out of samen also ends the session at the provider.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from samen.accounts.backends import session_user
from samen.accounts.models import AccessRequest, Organisation, Role, User
from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import record

logger = logging.getLogger(__name__)

# Set in the session when the provider's ID token showed a second factor (SAMEN_OIDC_MFA=idp).
IDP_MFA_SESSION_KEY = "samen_mfa_by_provider"


def sso_enabled() -> bool:
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
    )


class Refused(Exception):
    """The provider authenticated someone samen does not let in; the message names the rule."""


def _refuse(request: HttpRequest | None, rule: str, who: str) -> None:
    record(
        Actor.of(request) if request is not None else Actor.system(),
        "accounts.sso.refused",
        outcome=AuditEntry.Outcome.DENIED,
        object_type="accounts.user",
        object_label=f"{who[:150]}: {rule}",
    )


def second_factor_shown(payload: dict[str, Any]) -> bool:
    """Whether the ID token shows a second factor, by the configured acr and amr values."""
    acr = str(payload.get("acr") or "")
    if acr and acr in settings.OIDC_MFA_ACR_VALUES:
        return True
    amr = payload.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool({str(a) for a in amr} & set(settings.OIDC_MFA_AMR_VALUES))


class SamenOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        # Only the provider's callback, and only when single sign-on is set up: a password
        # login never reaches the provider.
        if request is None or not sso_enabled() or "code" not in request.GET:
            return None
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_user(self, user_id: Any) -> User | None:
        return session_user(user_id)

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # The ID token is what the provider signed: its subject and factors win.
        claims = {**userinfo, **payload}
        who = str(claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("sub") or "")
        try:
            user = self._user_for(claims)
        except Refused as refusal:
            _refuse(self.request, str(refusal), who)
            return None
        if settings.OIDC_MFA == "idp":
            if not second_factor_shown(payload):
                _refuse(self.request, "no second factor at the provider", who)
                return None
            self.request.session[IDP_MFA_SESSION_KEY] = True
        record(Actor.for_user(user), "accounts.sso.login", user)
        return user

    @transaction.atomic
    def _user_for(self, claims: dict[str, Any]) -> User:
        subject = str(claims["sub"])
        user = User.objects.filter(oidc_subject=subject).select_related("organisation").first()
        if user is None:
            name = str(claims.get(settings.OIDC_USERNAME_CLAIM) or "")
            user = User.objects.filter(username=name, oidc_subject="").first() if name else None
            if user is not None and user.is_client:
                raise Refused("a machine client")
            if user is not None:
                user.oidc_subject = subject
                user.save(update_fields=["oidc_subject"])
        if user is None:
            user = self._create(claims, subject)
        if user.is_client:
            raise Refused("a machine client")
        if not user.is_active:
            raise Refused("account switched off")
        if settings.OIDC_ROLES_CLAIM:
            self._follow_roles(user, claims.get(settings.OIDC_ROLES_CLAIM))
        return user

    def _create(self, claims: dict[str, Any], subject: str) -> User:
        if not settings.OIDC_CREATE_USER:
            raise Refused("no account, and accounts are not created at login")
        organisation_name = str(claims.get(settings.OIDC_ORGANISATION_CLAIM) or "")
        organisation = (
            Organisation.objects.filter(name=organisation_name).first()
            if settings.OIDC_ORGANISATION_CLAIM and organisation_name
            else None
        )
        if organisation is None:
            raise Refused("no organisation in samen by that claim")
        username = str(claims.get(settings.OIDC_USERNAME_CLAIM) or subject)[:150]
        if User.objects.filter(username=username).exists():
            raise Refused("the user name belongs to another account")
        user = User(
            username=username,
            full_name=str(claims.get("name") or username)[:200],
            email=str(claims.get("email") or "")[:254],
            organisation=organisation,
            oidc_subject=subject,
        )
        user.set_unusable_password()
        user.save()
        record(Actor.system(), "accounts.user.create", user, object_label=f"{username} (sso)")
        return user

    def _follow_roles(self, user: User, claimed: Any) -> None:
        # Imported here: actions import this module's neighbours, not the other way round.
        from samen.accounts.actions import needs_approval

        codes = claimed if isinstance(claimed, list) else str(claimed or "").split()
        wanted = set(
            Role.objects.filter(code__in=[str(c) for c in codes]).exclude(
                code__startswith="client_"
            )
        )
        held = set(user.roles.all())
        keep = {r for r in held if r in wanted}
        direct = {r for r in wanted - held if not needs_approval(r)}
        asked = {r for r in wanted - held if needs_approval(r)}
        if keep | direct != held:
            user.roles.set(keep | direct)
            record(Actor.system(), "accounts.user.update", user, object_label="roles from sso")
        if not asked:
            return
        pending = AccessRequest.objects.filter(
            subject=user, kind=AccessRequest.Kind.GRANT, status=AccessRequest.Status.PENDING
        ).first()
        if pending is not None and set(pending.roles.all()) == asked:
            return
        if pending is not None:
            pending.status = AccessRequest.Status.WITHDRAWN
            pending.save(update_fields=["status"])
        request = AccessRequest.objects.create(
            kind=AccessRequest.Kind.GRANT,
            subject=user,
            requested_by=user,
            reason="roles claimed by the identity provider",
        )
        request.roles.set(asked)
        record(Actor.system(), "accounts.access.requested", request)


def start(request: HttpRequest) -> HttpResponse:
    """Off to the provider (404 when single sign-on is not set up)."""
    if not sso_enabled():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)  # type: ignore[no-any-return]


class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        return super().get(request)  # type: ignore[no-any-return]

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Single sign-on did not let you in. Ask your administrator whether you have an "
                "account in samen."
            ),
        )
        return super().login_failure()  # type: ignore[no-any-return]


def provider_logout_url(request: HttpRequest) -> str:
    """The provider's end-session address with the ID token as hint, or "" (no provider
    session, or no end-session endpoint)."""
    id_token = request.session.get("oidc_id_token")
    endpoint = settings.OIDC_OP_END_SESSION_ENDPOINT
    if not id_token or not endpoint or not sso_enabled():
        return ""
    back = request.build_absolute_uri(reverse("accounts:login"))
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": back})
    return f"{endpoint}?{query}"
