from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "samen.programme"
    verbose_name = _("Prevention programme")

    def ready(self) -> None:
        from samen.programme import audit_actions  # noqa: F401
