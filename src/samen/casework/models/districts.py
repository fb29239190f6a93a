"""The districts of a municipality, kept as data by the coordinator.

Signals and persons name a district from this list, never as free text: the reporting form
offers the list (so nothing a resident types lands in a plain column), and counts by district
group on one thing per district."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation


class District(models.Model):
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="districts",
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="one_district_name_per_municipality"
            )
        ]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return self.name
