from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from samen.casework.api import CaseViewSet, SignalViewSet

router = SimpleRouter(trailing_slash=False)
router.register("signals", SignalViewSet, basename="signal")
router.register("cases", CaseViewSet, basename="case")

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
