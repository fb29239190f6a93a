"""The capability check of views: a missing capability answers 403 and is audited."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from samen.accounts.capabilities import Capability
from samen.audit.actor import Actor
from samen.audit.denials import record_denial

if TYPE_CHECKING:  # pragma: no cover
    from django_htmx.middleware import HtmxDetails

    from samen.accounts.models import User

View = Callable[..., HttpResponse]


class AuthenticatedRequest(HttpRequest):
    """A request that passed ``requires_any`` (or ``login_required``): its user is a ``User``.

    Only a type: views annotate their request with it instead of casting ``request.user``."""

    user: User
    htmx: HtmxDetails
    request_id: str


def requires_any(*capabilities: Capability) -> Callable[[View], View]:
    """Allow the view to logged-in users holding ANY of the capabilities; anonymous visitors
    go to the login page; others get 403, recorded in the audit log."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(user.can(c) for c in capabilities):  # type: ignore[union-attr]
                # Repeated denials in a window are one entry and a count (samen.audit.denials).
                record_denial(
                    Actor.of(request),
                    "accounts.capability.denied",
                    object_label=request.resolver_match.view_name if request.resolver_match else "",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = capabilities  # type: ignore[attr-defined]
        return wrapped

    return decorator
