"""Rate limits, applied centrally by route (django-ratelimit's counters, in a shared cache).

``RATE_LIMITS`` (settings) maps a URL name or a namespace (``api:*``) to limits of the form
``(methods, key, rate)``: ``key`` is ``"ip"`` (the client's address) or ``"user_or_ip"`` (the
logged-in user, else the machine client its API token names, else the address), ``rate`` a
django-ratelimit rate such as ``"20/h"`` (``None`` switches a limit off).
``RATE_LIMIT_ANONYMOUS`` applies to every request of a visitor who is not logged in (nor a
machine client), whatever the route. Failed logins are counted per address across all user names
(``RATE_LIMIT_LOGIN_FAILURES``), so that one address cannot try a password on many accounts
(password spraying); django-axes still locks a user name per address after a few failures.

A request over a limit is answered 429 with ``Retry-After``: problem details under the API, a
short page elsewhere. Counters live in ``CACHES["ratelimit"]``, a database cache shared by all
workers (see docs/decisions/0009-rate-limits.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django_ratelimit.core import get_usage

from samen.core.limits import entry_for, route_of
from samen.core.problems import default_detail, is_api_request, problem_response

LOGIN_FAILURES_GROUP = "samen.login-failures"
ANONYMOUS_GROUP = "samen.anonymous"


def client_ip(request: HttpRequest) -> str:
    """The client's address: behind samen's own TLS proxy the address that proxy appended to
    ``X-Forwarded-For`` (the last one; earlier ones are the client's own claims), else the
    address of the connection."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104 - a key, not a bind


def client_ip_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key function form of ``client_ip``."""
    return client_ip(request)


def _key(name: str) -> Callable[[str, HttpRequest], str]:
    if name == "ip":
        return client_ip_key
    if name == "user_or_ip":
        return _user_or_ip
    raise ValueError(f"unknown rate limit key {name}")


def _client_identity(request: HttpRequest) -> str | None:
    """A machine client named by the request's token (``RATE_LIMIT_CLIENT_IDENTITY``, a
    function of the app that owns clients), cached on the request; None without one."""
    if not hasattr(request, "_samen_client_identity"):
        path = getattr(settings, "RATE_LIMIT_CLIENT_IDENTITY", "")
        identity = import_string(path)(request) if path else None
        request._samen_client_identity = identity  # type: ignore[attr-defined]
    return request._samen_client_identity  # type: ignore[attr-defined,no-any-return]


def _user_or_ip(group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    client = _client_identity(request)
    if client is not None:
        # A machine client by its identity: many clients behind one gateway do not share a
        # budget, and one client cannot spread over addresses.
        return client
    return f"ip:{client_ip(request)}"


def _over(
    request: HttpRequest, group: str, key: str, rate: str, methods: str, increment: bool
) -> int:
    """Seconds to wait when the request is over the limit, else 0."""
    usage = get_usage(
        request,
        group=group,
        key=_key(key),
        rate=rate,
        method=methods if methods != "ALL" else get_usage.ALL,  # type: ignore[attr-defined]
        increment=increment,
    )
    if usage is None:
        return 0
    # Counting this request, it must not go over the limit; only looking (the failed logins
    # before a login is tried), the limit must not have been reached yet.
    over = usage["should_limit"] if increment else usage["count"] >= usage["limit"]
    return max(int(usage["time_left"]), 1) if over else 0


def limited(request: HttpRequest) -> int:
    """Count the request against every limit that applies; seconds to wait if over any. Each
    count is one statement (``samen.core.ratelimit_cache``)."""
    user = getattr(request, "user", None)
    # Who is asking is settled (the session and the user read) before the counters are written.
    anonymous = not (user is not None and user.is_authenticated) and (
        _client_identity(request) is None
    )
    return _limited(request, anonymous)


def _limited(request: HttpRequest, anonymous: bool) -> int:
    wait = 0
    if settings.RATE_LIMIT_ANONYMOUS and anonymous:
        wait = max(
            wait,
            _over(request, ANONYMOUS_GROUP, "ip", settings.RATE_LIMIT_ANONYMOUS, "ALL", True),
        )
    found = entry_for(settings.RATE_LIMITS, request.path_info)
    if found is not None:
        route, rules = found
        for index, (methods, key, rate) in enumerate(rules):
            if rate:
                group = f"samen.{route}.{index}"
                wait = max(wait, _over(request, group, key, rate, methods, True))
    if _is_login_post(request) and settings.RATE_LIMIT_LOGIN_FAILURES:
        wait = max(
            wait,
            _over(
                request,
                LOGIN_FAILURES_GROUP,
                "ip",
                settings.RATE_LIMIT_LOGIN_FAILURES,
                "ALL",
                False,
            ),
        )
    return wait


def _is_login_post(request: HttpRequest) -> bool:
    route = route_of(request.path_info)[0]
    return request.method == "POST" and route == settings.RATE_LIMIT_LOGIN_ROUTE


def count_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A failed login counts against its address, whatever the user name."""
    if request is None or not settings.RATE_LIMIT_LOGIN_FAILURES:
        return
    _over(request, LOGIN_FAILURES_GROUP, "ip", settings.RATE_LIMIT_LOGIN_FAILURES, "ALL", True)


def connect_signals() -> None:
    user_login_failed.connect(count_login_failure, dispatch_uid="samen.core.ratelimit")


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    headers = {"Retry-After": str(wait)}
    if is_api_request(request):
        return problem_response(request, 429, detail=default_detail(429), headers=headers)
    html = render_to_string("429.html", {"minutes": math.ceil(wait / 60)})
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(wait)
    return response


class RateLimitMiddleware:
    """After authentication (limits per user need ``request.user``), before any view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        wait = limited(request)
        if wait:
            return too_many(request, wait)
        return self.get_response(request)
