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
    path("reports/", include("samen.reports.urls")),
    path("", include("samen.ui.urls")),
    path("api/v1/", include("samen.conf.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Pages for people, problem details under /api/ (samen.conf.errors).
handler400 = "samen.conf.errors.bad_request"
handler403 = "samen.conf.errors.permission_denied"
handler404 = "samen.conf.errors.page_not_found"
handler500 = "samen.conf.errors.server_error"
