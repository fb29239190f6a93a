from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "samen.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from samen.privacy import audit_actions  # noqa: F401
