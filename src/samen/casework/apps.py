from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "samen.casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from samen.casework import audit_actions  # noqa: F401
