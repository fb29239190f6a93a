"""The OpenAPI document tells the whole truth: every error an operation can answer, as problem
details, and the headers of every response (``API-Version``; ``Location`` on 201;
``WWW-Authenticate`` on 401; ``Retry-After`` on 429).

A drf-spectacular postprocessing hook, so that every operation gets the same treatment without
repeating it per view; responses a view declares itself (409 of the phase move) are kept.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from samen.core.api import API_VERSION

PROBLEM_JSON = "application/problem+json"

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457), in the language of the request.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "example": "about:blank"},
        "title": {"type": "string", "example": "Niet gevonden"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string", "format": "uri-reference"},
        "invalid-params": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {
                    "name": {"type": "string", "description": "the field, in camelCase"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}

HEADERS = {
    "API-Version": {
        "description": "The version of the API that answered (semantic versioning).",
        "schema": {"type": "string", "example": API_VERSION},
        "required": True,
    },
    "Location": {
        "description": "The address of the resource that was created.",
        "schema": {"type": "string", "format": "uri-reference"},
    },
    "WWW-Authenticate": {
        "description": "The schemes to authenticate with: "
        'Bearer realm="samen", Session realm="samen".',
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    },
}

ERRORS = {
    "400": "The request is not valid: invalid-params names the fields and why.",
    "401": "No valid token or session. WWW-Authenticate names the schemes.",
    "403": "Logged in, but the roles do not allow this, the second factor was not passed, or "
    "the CSRF token is missing.",
    "404": "Not found, or not visible to the user (the same answer for both).",
    "405": "The method is not allowed at this address.",
    "406": "The client does not accept application/json.",
    "409": "The change does not fit the state of the resource.",
    "413": "The request body is larger than this address accepts.",
    "415": "The body is not application/json.",
    "429": "Too many requests; Retry-After says how long to wait.",
    "500": "An error on samen's side; it was logged.",
}


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _error_response(status: str) -> dict[str, Any]:
    headers: dict[str, Any] = {"API-Version": _ref("headers", "API-Version")}
    if status == "401":
        headers["WWW-Authenticate"] = _ref("headers", "WWW-Authenticate")
    if status == "429":
        headers["Retry-After"] = _ref("headers", "Retry-After")
    return {
        "description": ERRORS[status],
        "headers": headers,
        "content": {PROBLEM_JSON: {"schema": _ref("schemas", "Problem")}},
    }


def _errors_of(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    codes = ["401", "403", "405", "406", "429", "500"]
    if "{" in path:
        codes.append("404")
    if operation.get("requestBody"):
        codes += ["400", "413", "415"]
    # A page number or cursor that is not one is a bad request.
    if any(p.get("name") in ("page", "cursor") for p in operation.get("parameters", [])):
        codes.append("400")
    return codes


def document_errors_and_headers(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("headers", {}).update(HEADERS)
    components.setdefault("responses", {}).update(
        {f"Problem{status}": _error_response(status) for status in ERRORS}
    )
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, response in responses.items():
                if "$ref" in response:
                    continue
                headers = response.setdefault("headers", {})
                headers.setdefault("API-Version", _ref("headers", "API-Version"))
                if status == "201":
                    headers.setdefault("Location", _ref("headers", "Location"))
                if status.startswith(("4", "5")):
                    response.setdefault("content", {}).pop("application/json", None)
                    response["content"][PROBLEM_JSON] = {"schema": _ref("schemas", "Problem")}
            for status in _errors_of(path, method, operation):
                responses.setdefault(status, _ref("responses", f"Problem{status}"))
    return result


class SamenSessionScheme(OpenApiAuthenticationExtension):
    """The session scheme in the document (``cookieAuth``), for samen's session class."""

    target_class = "samen.core.api.SamenSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The session of a user logged in at /accounts/login/ with the "
            "second factor; unsafe methods also need the X-CSRFToken header.",
        }


class ClientTokenScheme(OpenApiAuthenticationExtension):
    """A machine client's token (``bearerAuth``), django-rest-knox behind samen's class."""

    target_class = "samen.accounts.clients.ClientTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The token of a machine client (samen_...), registered per partner "
            "organisation with scopes and an expiry, shown once when a second person "
            "approved it. A missing, wrong, expired or revoked token is a 401.",
        }
