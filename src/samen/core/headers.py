"""Headers of every dynamic response: nothing is stored by browsers or proxies, and a file
download cannot run as a page.

- ``Cache-Control: no-store, private`` on every response that passes through Django (pages,
  fragments, the API, redirects, errors): any of them may carry personal data (a name in the
  header bar, a receipt code, a case), and a shared computer's cache or a proxy must keep none of
  it. Static files are answered by WhiteNoise before this middleware and keep their long cache.
- A download (``Content-Disposition: attachment``) gets a Content-Security-Policy of its own,
  ``default-src 'none'; sandbox``: should a browser still render it, it runs nothing and reaches
  nothing. ``X-Content-Type-Options: nosniff`` comes from Django's SecurityMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

NO_STORE = "no-store, private"
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'; base-uri 'none'"


class PrivateResponseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
        if response.get("Content-Disposition", "").startswith("attachment"):
            response["Content-Security-Policy"] = DOWNLOAD_CSP
        return response
