"""Two-factor login is required for every user whose roles reveal personal data."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts.sso import IDP_MFA_SESSION_KEY
from samen.core.problems import is_api_request, problem_response

# Paths a logged-in user may reach before the second factor is verified.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/report/", "/about/")


class TwoFactorRequiredMiddleware:
    """The second factor is samen's authenticator code (``is_verified``), or, with
    ``SAMEN_OIDC_MFA=idp``, the provider's proof of one at single sign-on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and user.needs_two_factor  # type: ignore[union-attr]
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and not request.session.get(IDP_MFA_SESSION_KEY)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if is_api_request(request):
                # A client is answered, not sent to a page it cannot show.
                return problem_response(
                    request,
                    403,
                    detail=_("Log in with your second factor first (two-factor login)."),
                )
            return redirect(reverse("accounts:two_factor_setup"))
        return self.get_response(request)
