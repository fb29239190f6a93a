from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared foundations; its one migration makes the table of the rate-limit cache."""

    name = "samen.core"
    verbose_name = "core"
