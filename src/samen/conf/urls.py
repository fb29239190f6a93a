from django.urls import include, path

from samen.home import views as home_views

urlpatterns = [
    path("", home_views.dashboard, name="dashboard"),
    path("", include("samen.accounts.urls")),
    path("", include("samen.casework.urls")),
    path("", include("samen.privacy.audit_urls")),
    path("hub/", include("samen.hub.urls")),
    path("programme/", include("samen.programme.urls")),
    path("privacy/", include("samen.privacy.urls")),
    path("api/v1/", include("samen.conf.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
