"""The capability check of views: a missing capability answers 403 and is audited."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from samen.accounts.capabilities import Capability
from samen.audit.denials import record_denial

View = Callable[..., HttpResponse]


def requires(*capabilities: Capability) -> Callable[[View], View]:
    """Allow the view to users holding any of the capabilities; others get 403 (audited)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(user.can(c) for c in capabilities):  # type: ignore[union-attr]
                # Repeated denials in a window are one entry and a count (samen.audit.denials).
                record_denial(
                    request,
                    "accounts.capability.denied",
                    object_label=request.resolver_match.view_name if request.resolver_match else "",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = capabilities  # type: ignore[attr-defined]
        return wrapped

    return decorator
