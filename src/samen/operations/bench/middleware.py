"""What the benchmark reads from each response, added only by the benchmark's settings
(``samen.conf.bench``), never in a real installation."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

_served = itertools.count(1)


class QueryCountMiddleware:
    """First in the chain: counts the SQL queries of the whole request (sessions, middleware,
    view, template) and their time, and says which worker process served it and how many
    requests that worker served so far (1: a fresh worker's first request).

    ``X-Bench-Queries``, ``X-Bench-Query-Ms``, ``X-Bench-Worker``, ``X-Bench-Served``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        served = next(_served)
        counted = {"queries": 0, "seconds": 0.0}

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                counted["queries"] += 1
                counted["seconds"] += time.perf_counter() - started

        with connections["default"].execute_wrapper(count):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(counted["queries"])
        response["X-Bench-Query-Ms"] = f"{counted['seconds'] * 1000:.2f}"
        response["X-Bench-Worker"] = str(os.getpid())
        response["X-Bench-Served"] = str(served)
        return response
