"""API conventions of the Dutch API design rules: problem+json errors and an API-Version header."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse
from rest_framework.response import Response
from rest_framework.views import exception_handler

API_VERSION = "1.0.0"


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(response.status_code).phrase,
        "status": response.status_code,
    }
    if isinstance(detail, dict) and set(detail) != {"detail"}:
        problem["invalid-params"] = [
            {"name": name, "reason": " ".join(str(m) for m in messages)}
            for name, messages in detail.items()
        ]
    elif isinstance(detail, dict):
        problem["detail"] = str(detail["detail"])
    request = context.get("request")
    if request is not None:
        problem["instance"] = request.path
    response.data = problem
    response.content_type = "application/problem+json"
    return response


class ApiVersionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = API_VERSION
        return response
