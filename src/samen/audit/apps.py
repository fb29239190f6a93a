from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samen.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from samen.audit import audit_actions  # noqa: F401
