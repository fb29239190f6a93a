"""A URL conf with views that fail, to see how server errors are answered (tests only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


@api_view(["GET"])
@permission_classes([AllowAny])
def api_boom(request: Request) -> Response:
    raise RuntimeError("a bug in an API view")


urlpatterns = [
    path("boom", boom),
    path("api/v1/boom", api_boom),
    path("", include("samen.conf.urls")),
]

handler404 = "samen.conf.errors.page_not_found"
handler500 = "samen.conf.errors.server_error"
