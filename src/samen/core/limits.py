"""Request size limits per route, checked before anything reads the body.

``REQUEST_BODY_LIMITS`` (settings) maps a URL name (``casework:public_report``) or a whole
namespace (``api:*``) to the largest body it accepts, in bytes; every other address accepts
``REQUEST_BODY_DEFAULT_LIMIT``. A larger ``Content-Length`` is answered 413 (problem details
under the API, a short page elsewhere) before CSRF checks, form parsing or uploads to temporary
files. Django reads no more than ``Content-Length`` bytes, so a body without one is empty.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from samen.core.problems import default_detail, is_api_request, problem_response


def too_large(request: HttpRequest) -> HttpResponse:
    """413: problem details for the API, a short page elsewhere."""
    if is_api_request(request):
        return problem_response(request, 413, detail=default_detail(413))
    return HttpResponse(render_to_string("413.html"), status=413)


def route_of(path: str) -> tuple[str, str]:
    """The URL name and namespace a path resolves to (empty when it resolves to nothing)."""
    return _route_of(path)


@lru_cache(maxsize=4096)
def _route_of(path: str) -> tuple[str, str]:
    try:
        match = resolve(path)
    except Resolver404:
        return "", ""
    return match.view_name or "", match.namespace or ""


def entry_for(table: dict[str, Any], path: str) -> tuple[str, Any] | None:
    """The key and entry of ``table`` for the route of ``path``: its URL name, else its
    namespace (``"api:*"``)."""
    name, namespace = route_of(path)
    if name in table:
        return name, table[name]
    if namespace and f"{namespace}:*" in table:
        return f"{namespace}:*", table[f"{namespace}:*"]
    return None


def setting_for(table: dict[str, Any], path: str) -> Any:
    found = entry_for(table, path)
    return found[1] if found is not None else None


def body_limit(path: str) -> int:
    limit = setting_for(settings.REQUEST_BODY_LIMITS, path)
    return int(limit) if isinstance(limit, int) else int(settings.REQUEST_BODY_DEFAULT_LIMIT)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.smallest = min(
            [settings.REQUEST_BODY_DEFAULT_LIMIT, *settings.REQUEST_BODY_LIMITS.values()]
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = -1
        if size < 0:
            return problem_response(request, 400) if is_api_request(request) else _bad(request)
        if size > self.smallest and size > body_limit(request.path_info):
            return too_large(request)
        return self.get_response(request)


def _bad(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import BadRequest
    from django.views.defaults import bad_request

    return bad_request(request, BadRequest("invalid Content-Length"))
