from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from samen.casework.api import CaseViewSet, SignalViewSet
from samen.conf import openapi  # noqa: F401 - registers the session scheme for the document

router = SimpleRouter(trailing_slash=False)
router.register("signals", SignalViewSet, basename="signal")
router.register("cases", CaseViewSet, basename="case")

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
