"""Machine clients: partner systems that call the API with a token (django-rest-knox).

A client is a ``User`` with ``is_client``: it belongs to a partner organisation, its roles are
its scopes (``CLIENT_ROLES``: submit signals, read the cases the organisation takes part in,
move phases; ``User.capabilities`` holds nothing else for a client), and it never logs in with
a form. Its tokens are knox ``AuthToken`` rows: a SHA-512 hash and an expiry, the token itself
shown once to the person who approved it (``samen.accounts.actions``). The access policy treats
a client as a user of its organisation with its scopes, so it sees only the cases its
organisation takes part in; every call is audited under the client's name
(``Actor.of`` reads ``request.auth.audit_label``).
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework import exceptions
from rest_framework.request import Request

from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.audit.denials import record_denial

SCHEME = "Bearer"


@dataclass(frozen=True)
class ClientCredentials:
    """What ``request.auth`` holds for a client: the token row, and who it acts for."""

    token: AuthToken
    client: User

    @property
    def audit_label(self) -> str:
        return self.client.username

    @property
    def organisation(self) -> Organisation:
        return self.client.organisation


def _presented(request: HttpRequest | Request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    parts = header.encode("latin-1", "replace").split() if isinstance(header, str) else []
    if not parts or parts[0].lower() != SCHEME.lower().encode():
        return None
    if len(parts) != 2:
        return ""
    try:
        return str(parts[1].decode("ascii"))
    except UnicodeDecodeError:
        return ""


class ClientTokenAuthentication(TokenAuthentication):
    """``Authorization: Bearer samen_…``. A missing header lets the next scheme try; a wrong,
    expired or revoked token is a 401 (problem details with ``WWW-Authenticate``), audited."""

    def authenticate(self, request: Request) -> tuple[User, ClientCredentials] | None:
        token = _presented(request)
        if token is None:
            return None
        try:
            if not token:
                raise exceptions.AuthenticationFailed()
            user, row = self.authenticate_credentials(token.encode())
        except (exceptions.AuthenticationFailed, binascii.Error, ValueError):
            record_denial(
                Actor.system(),
                "accounts.client.refused",
                object_type="knox.authtoken",
                object_label=(token or "")[: CONSTANTS.TOKEN_KEY_LENGTH],
            )
            raise exceptions.AuthenticationFailed() from None
        return user, ClientCredentials(token=row, client=user)

    def validate_user(self, auth_token: AuthToken) -> tuple[User, AuthToken]:
        user = auth_token.user
        if not user.is_active or not user.is_client:
            raise exceptions.AuthenticationFailed()
        return user, auth_token

    def authenticate_header(self, request: Any) -> str:
        return f'{SCHEME} realm="samen"'


def client_identity(request: HttpRequest) -> str | None:
    """The rate limiter's key for a request with a token: the client it names (one indexed
    look-up of the token's key, without checking the token; a wrong token is refused by the
    authentication right after and counts against its address like any anonymous request)."""
    token = _presented(request)
    if not token:
        return None
    user_id = (
        AuthToken.objects.filter(token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH])
        .values_list("user_id", flat=True)
        .first()
    )
    return f"client:{user_id}" if user_id is not None else None
