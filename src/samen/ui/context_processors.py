"""Layout-wide data: who runs this samen (name, logo, own design tokens) and how to reach them."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static

from samen.ui.navigation import links_for

LOGO_NAMES = ("logo.svg", "logo.png")


@cache
def _brand() -> dict[str, str]:
    """Static URLs of the organisation's tokens and logo in SAMEN_BRAND_DIR, looked up once."""
    folder = settings.BRAND_DIR
    if folder is None:
        return {"tokens": "", "logo": ""}
    logo = next((name for name in LOGO_NAMES if (folder / name).is_file()), "")
    return {
        "tokens": static("brand/tokens.css") if (folder / "tokens.css").is_file() else "",
        "logo": static(f"brand/{logo}") if logo else "",
    }


def site(request: HttpRequest) -> dict[str, Any]:
    brand = _brand()
    user = getattr(request, "user", None)
    navigation = (
        links_for(user.capabilities, request.path)
        if user is not None and user.is_authenticated
        else []
    )
    return {
        "navigation": navigation,
        "site": {
            "organisation": settings.ORGANISATION_NAME,
            "tokens_url": brand["tokens"],
            "logo_url": brand["logo"],
            "contact_email": settings.CONTACT_EMAIL,
            "contact_phone": settings.CONTACT_PHONE,
            "privacy_email": settings.PRIVACY_EMAIL,
        },
    }
