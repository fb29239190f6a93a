from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared foundations; its one migration makes the table of the rate-limit cache."""

    name = "samen.core"
    verbose_name = "core"

    def ready(self) -> None:
        from samen.core import ratelimit

        ratelimit.connect_signals()
