from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    """The shared interface: the organisation's identity, its statements, the form partial."""

    name = "samen.ui"
    verbose_name = _("Interface")
