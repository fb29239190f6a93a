from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running samen: backup and restore (``samen backup``, ``samen restore``). No models."""

    name = "samen.operations"
    verbose_name = "operations"

    def ready(self) -> None:
        from samen.operations import audit_actions  # noqa: F401
