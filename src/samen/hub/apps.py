from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def fill_empty_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After a migration that left the search index empty (an upgrade to a new index) while
    the hub has content, build it, so that search works without a manual `samen hub-reindex`."""
    from samen.hub.models import CityProfile, Document, Practice, SearchSource

    if SearchSource.objects.using(using).exists():
        return
    has_content = (
        CityProfile.objects.using(using).exists()
        or Practice.objects.using(using).exists()
        or Document.objects.using(using).exists()
    )
    if has_content:
        from samen.audit.actor import Actor
        from samen.hub.actions import rebuild_index

        rebuild_index(Actor.system())


class HubConfig(AppConfig):
    name = "samen.hub"
    verbose_name = _("Knowledge hub")

    def ready(self) -> None:
        from samen.hub import audit_actions  # noqa: F401

        post_migrate.connect(fill_empty_index, sender=self, dispatch_uid="hub_fill_empty_index")
