"""The audit log page, under its own name (``audit:log``) at ``/audit/``. The page lives with
the data protection officer's other pages in privacy; the audit app below knows no views."""

from django.urls import path

from samen.privacy import views

app_name = "audit"

urlpatterns = [path("audit/", views.audit_log, name="log")]
