"""A page that shows a form's error summary says so in its title, before anything else.

The title is rendered before the form further down the page, so the page cannot know it yet;
the form partial marks its summary with ``data-error-summary`` and this middleware puts the
translated marker in front of the ``<title>`` text. Screen readers announce the title first,
so the failure is heard on arrival, with or without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext

MARKER = b"data-error-summary"
TITLE = b"<title>"


class ErrorTitleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or MARKER not in response.content
            or TITLE not in response.content
        ):
            return response
        # Translators: put in front of the page title when a form on the page has errors.
        prefix = escape(gettext("Error:")).encode() + b" "
        response.content = response.content.replace(TITLE, TITLE + prefix, 1)
        return response
