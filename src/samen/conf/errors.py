"""Django's error handlers: pages for people, problem details for the API.

An unknown address under ``/api/`` (a typo, a trailing slash, another version), a request
Django refuses (too large, a bad host) and a server error outside a view's own handling answer
in ``application/problem+json`` there, and with the usual error pages elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views import defaults

from samen.core.limits import too_large
from samen.core.problems import default_detail, is_api_request, problem_response


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if is_api_request(request):
        return problem_response(request, 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api_request(request):
        return problem_response(request, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api_request(request):
        return problem_response(request, 404, detail=default_detail(404))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return problem_response(request, 500, detail=default_detail(500))
    return defaults.server_error(request)
