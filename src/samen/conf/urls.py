from django.urls import include, path

from samen.casework import views as casework_views

urlpatterns = [
    path("", casework_views.dashboard, name="dashboard"),
    path("", include("samen.accounts.urls")),
    path("", include("samen.casework.urls")),
    path("", include("samen.audit.urls")),
    path("hub/", include("samen.hub.urls")),
    path("privacy/", include("samen.privacy.urls")),
    path("", include("samen.ui.urls")),
    path("api/v1/", include("samen.conf.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
