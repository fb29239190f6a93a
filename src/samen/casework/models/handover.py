"""The warm hand-over at closure: who takes over what when a case is closed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.models.cases import Case
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import organisation_name, personal_data, when


@personal_data(root="case", path="case", order=30, section="hand_overs", related=("organisation",))
class HandOver(models.Model):
    """One part of the warm hand-over of a closing or closed case: which organisation takes
    over what, from when, and whom to contact. Appended, never edited; a case has one row per
    organisation and task."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="hand_overs"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation taking over"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    what = EncryptedTextField(_("what it takes over"))
    contact = EncryptedTextField(_("contact person"), blank=True)
    on = models.DateField(_("from"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self) -> str:
        return f"{self.case} -> {self.organisation}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "on": when(self.on),
            "organisation": organisation_name(self.organisation),
            "what": self.what,
            "contact": self.contact,
        }
