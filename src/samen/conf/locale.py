"""The interface language: the user's choice, else the browser's on public pages, else Dutch.

The people who use samen work for Dutch, Belgian and French public bodies; staff pages speak the
language they pick with the language switch (kept in a cookie), else Dutch, whatever their
browser says. The public pages (the reporting point, the knowledge hub, the login page and the
statements) are read by residents and visitors who never chose: without a choice they follow
the browser's Accept-Language among Dutch, English and French, else Dutch.

The API is the exception: a client system has no language switch, so its error texts follow
the request's ``Accept-Language`` (nl, en or fr; Dutch when it names none of these).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

PUBLIC_PREFIXES = ("/report/", "/hub/", "/accounts/login/", "/about/")


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES)


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _ in settings.LANGUAGES}
        if request.path.startswith(settings.API_PATH_PREFIX):
            chosen = _accepted(request.META.get("HTTP_ACCEPT_LANGUAGE", ""), available)
        if chosen in available:
            language = chosen
        elif is_public(request.path_info):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _accepted(header: str, available: set[str]) -> str:
    """The first of ``available`` in an Accept-Language header, by quality then order."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(header[:255]):
        base = code.split("-")[0].lower()
        if base in available:
            return base
    return ""
