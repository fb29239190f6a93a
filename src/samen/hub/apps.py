from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "samen.hub"
    verbose_name = _("Knowledge hub")

    def ready(self) -> None:
        from samen.hub import audit_actions  # noqa: F401
