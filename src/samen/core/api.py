"""API conventions of the Dutch API design rules.

- Every error is problem details (``application/problem+json``, ``samen.core.problems``), in
  the language of the request, without Python's own words: validation errors as
  ``invalid-params`` with the field names as the client sent them (camelCase), a missing or
  invalid login as 401 with ``WWW-Authenticate``, a cursor that is not one of ours as 400.
- Lists page by cursor (``ProblemCursorPagination``, the default): a seek from the last row
  shown, no OFFSET and no count, with ``first``, ``previous``, ``next`` and ``last`` links in
  the body.
- Field names are camelCase both ways (djangorestframework-camel-case); JSON bodies are parsed
  strictly: no nesting deeper than ``MAX_JSON_DEPTH``, no ``NaN``/``Infinity``, no integers longer
  than ``MAX_INTEGER_DIGITS``; text fields take text only (``StrictCharField``).
- Every ``/api/`` response carries the ``API-Version`` header.
- The OpenAPI document states all of it: ``openapi_postprocess`` adds the error responses, the
  headers, the servers and the CORS policy.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from djangorestframework_camel_case.util import camelize_re, underscore_to_camel, underscoreize
from rest_framework import exceptions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param

from samen.core.problems import PROBLEM_JSON, default_detail, problem

API_VERSION = "1.0.0"
MAX_JSON_DEPTH = 20
MAX_INTEGER_DIGITS = 18


# --- authentication -----------------------------------------------------------------------


class SamenSessionAuthentication(SessionAuthentication):
    """The session of a logged-in user (the only scheme for now). A request without one is
    answered 401 with this challenge; a scheme added later (API tokens) adds its own class to
    ``DEFAULT_AUTHENTICATION_CLASSES`` and its challenge is sent beside this one."""

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="samen"'


def _challenges(context: Mapping[str, Any]) -> str:
    request = context.get("request")
    authenticators = getattr(request, "authenticators", None) or []
    headers = [a.authenticate_header(request) for a in authenticators]
    return ", ".join(h for h in headers if h)


# --- parsing ------------------------------------------------------------------------------


class StrictCharField(serializers.CharField):
    """Text only: a number or a boolean sent for a text field is refused, not stored as text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, strings skipped (no recursion)."""
    structure = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)
    depth = deepest = 0
    for char in re.sub(r"[^\[\]{}]", "", structure):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError("integer too long")
    return int(text)


def _no_constant(name: str) -> Any:
    raise ValueError("not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError("number out of range")
    return value


def _parse_error() -> exceptions.ParseError:
    return exceptions.ParseError(_("The request body is not valid JSON."))


class JSONParser(BaseParser):
    """Strict JSON with camelCase names in, snake_case for the serializers."""

    media_type = "application/json"

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            text = stream.read().decode("utf-8")
        except (UnicodeDecodeError, AttributeError):
            raise _parse_error() from None
        if _depth(text) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("The request body is nested more than %(depth)d levels deep.")
                % {"depth": MAX_JSON_DEPTH}
            )
        try:
            data = json.loads(
                text, parse_int=_integer, parse_float=_float, parse_constant=_no_constant
            )
        except (ValueError, RecursionError):
            raise _parse_error() from None
        return underscoreize(data)


# --- pagination ---------------------------------------------------------------------------


class ProblemCursorPagination(CursorPagination):
    """Keyset pagination for long lists (the view sets ``ordering``, its first field nearly
    unique, the last unique): ``next`` and ``previous`` links carry an opaque cursor, ``first``
    and ``last`` lead to either end (the last page is read from the other end, never by
    OFFSET), and no COUNT(*) is made. A cursor that does not decode, or whose position is not a
    value of the ordering field, is a bad request (400), never a 404 or 500."""

    ordering: Any = ("-pk",)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def _invalid(self) -> exceptions.ValidationError:
        return exceptions.ValidationError(
            {self.cursor_query_param: [_("This cursor is not valid: start from the first page.")]}
        )

    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise self._invalid() from None
        if cursor is not None and cursor.position is not None:
            name = self.ordering[0].lstrip("-")
            try:
                value = self._model._meta.get_field("id" if name == "pk" else name).to_python(
                    cursor.position
                )
            except (DjangoValidationError, ValueError, TypeError, OverflowError):
                raise self._invalid() from None
            # Our cursors carry a moment with its offset; one without is not ours.
            if isinstance(value, datetime) and timezone.is_naive(value):
                raise self._invalid()
        return cursor

    def get_first_link(self) -> str:
        return str(remove_query_param(str(self.base_url), self.cursor_query_param))

    def get_last_link(self) -> str:
        return str(self.encode_cursor(Cursor(offset=0, reverse=True, position=None)))

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "first": self.get_first_link(),
                "previous": self.get_previous_link(),
                "next": self.get_next_link(),
                "last": self.get_last_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        base: dict[str, Any] = super().get_paginated_response_schema(schema)
        link = {"type": "string", "format": "uri"}
        base["properties"] = {
            "first": {**link, "description": _("The first page.")},
            **base["properties"],
            "last": {**link, "description": _("The last page.")},
        }
        base["required"] = ["first", "previous", "next", "last", "results"]
        return base


# --- errors -------------------------------------------------------------------------------


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"


def camel(name: str) -> str:
    return re.sub(camelize_re, underscore_to_camel, name) if "_" in name else name


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def _invalid_params(detail: Any, prefix: str = "") -> tuple[list[dict[str, str]], list[str]]:
    """Field errors as invalid-params (camelCase names, nested ones dotted); the errors of the
    body as a whole (``non_field_errors``) as general messages."""
    params: list[dict[str, str]] = []
    general: list[str] = []
    if isinstance(detail, list):
        general += _messages(detail)
        return params, general
    for name, value in detail.items():
        if name == settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "non_field_errors"):
            general += _messages(value)
            continue
        field = f"{prefix}{camel(str(name))}"
        if isinstance(value, dict):
            nested, nested_general = _invalid_params(value, f"{field}.")
            params += nested
            params += [{"name": field, "code": "invalid", "reason": m} for m in nested_general]
            continue
        codes = _codes(value)
        params.append(
            {"name": field, "code": codes, "reason": " ".join(_messages(value))},
        )
    return params, general


def _codes(value: Any) -> str:
    if isinstance(value, list) and value:
        return str(getattr(value[0], "code", "invalid"))
    return str(getattr(value, "code", "invalid"))


def _detail_of(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Log in to use the API.")
    if isinstance(exc, exceptions.AuthenticationFailed):
        return _("The credentials are not valid.")
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF"):
        return _("The CSRF token is missing or not valid.")
    if isinstance(exc, exceptions.PermissionDenied):
        if exc.detail == exceptions.PermissionDenied.default_detail:
            return _("Your roles do not allow this.")
        return str(exc.detail)
    if isinstance(exc, exceptions.NotFound):
        return _("Not found, or not yours to see.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("This method is not allowed here.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Send the body as application/json.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("This address answers in application/json only.")
    if isinstance(exc, exceptions.Throttled):
        return default_detail(429)
    if isinstance(exc, RequestTooLarge):
        return default_detail(413)
    detail = exc.detail
    if isinstance(detail, str):
        return str(detail)
    return ""


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's errors as problem details; anything else goes on to Django's 500 handler, which
    answers problem details for the API too (``samen.conf.errors``)."""
    # Imported here: DRF's views import this module (for the classes in its settings).
    from rest_framework.views import exception_handler, set_rollback

    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, Exception):
        return None
    set_rollback()
    status = response.status_code
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        params, general = _invalid_params(exc.detail)
        body = problem(
            status,
            detail=" ".join(general) or _("The request has invalid parameters."),
            instance=instance,
            invalid_params=params,
        )
    elif isinstance(exc, exceptions.APIException):
        body = problem(status, detail=_detail_of(exc), instance=instance)
    else:  # Http404 and PermissionDenied of Django, already converted by DRF
        body = problem(status, instance=instance)
    if status == 401:
        response["WWW-Authenticate"] = _challenges(context) or 'Session realm="samen"'
    response.data = body
    response.content_type = PROBLEM_JSON
    return response


class ApiVersionMiddleware:
    """``API-Version`` on every API response, and ``Content-Language`` (the language of the
    request, in which error texts are written)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.API_PATH_PREFIX):
            response["API-Version"] = API_VERSION
            language = getattr(request, "LANGUAGE_CODE", "")
            if language:
                response["Content-Language"] = language
        return response
