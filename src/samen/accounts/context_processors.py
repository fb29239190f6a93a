from typing import Any

from django.conf import settings
from django.http import HttpRequest

from samen.accounts.capabilities import Capability


def samen(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    capabilities: frozenset[str] = (
        getattr(user, "capabilities", frozenset()) if user is not None else frozenset()
    )
    return {
        # django-htmx's script tag reads the CSP nonce under this name.
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "DEMO": settings.DEMO,
        "REQUIRE_2FA": settings.REQUIRE_2FA,
        "can": {c.name: c.value in capabilities for c in Capability},
    }
