"""Problem details (RFC 9457, ``application/problem+json``), as the Dutch API design rules ask.

Every error of the API is one of these, whoever answers it: a DRF view (through the exception
handler in ``samen.core.api``), a middleware (request too large, rate limited, second factor
missing) or Django itself (unknown path, server error: ``samen.conf.errors``). Titles and
details are in the language of the request; they never quote Python.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROBLEM_JSON = "application/problem+json"

# The status line's phrase in the language of the request.
TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Unprocessable content"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Internal server error"),
    503: gettext_lazy("Service unavailable"),
}


def title(status: int) -> str:
    phrase = TITLES.get(status)
    return str(phrase) if phrase is not None else HTTPStatus(status).phrase


def is_api_request(request: HttpRequest) -> bool:
    """Requests answered with problem details rather than pages."""
    return request.path.startswith(settings.API_PATH_PREFIX)


def problem(
    status: int,
    *,
    detail: str = "",
    instance: str = "",
    invalid_params: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status}
    if detail:
        body["detail"] = detail
    if invalid_params:
        body["invalid-params"] = invalid_params
    if instance:
        body["instance"] = instance
    return body


def problem_response(
    request: HttpRequest,
    status: int,
    *,
    detail: str = "",
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """A problem details response for a request that did not reach an API view."""
    body = problem(status, detail=detail, instance=request.path)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def default_detail(status: int) -> str:
    """A sentence for the statuses that middleware and Django's handlers answer."""
    details = {
        404: _("There is nothing at this address."),
        413: _("The request body is larger than this address accepts."),
        429: _("Too many requests. Wait before trying again."),
        500: _("Something went wrong on our side. The error was logged."),
    }
    return details.get(status, "")
