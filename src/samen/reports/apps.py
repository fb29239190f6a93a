from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "samen.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from samen.reports import (
            audit_actions,  # noqa: F401
            kept,
        )

        kept.connect()
