"""Informing the person whose data is processed: informed (when, how) or postponed (why, until
when); history kept, a reminder when the postponement has passed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.casework.models.cases import Case
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import personal_data, when


@personal_data(root="case", path="case", order=30, section="informing")
class InformingDecision(models.Model):
    """A decision about informing the person of a case. Appended, never edited; the newest
    holds. A postponement names its reason and the date until which it holds."""

    class Decision(models.TextChoices):
        INFORMED = "informed", _("The person has been informed")
        POSTPONED = "postponed", _("Informing is postponed")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="informing"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    on = models.DateField(_("date"))
    how = EncryptedTextField(_("how the person was informed"), blank=True)
    reason = EncryptedTextField(_("why informing is postponed"), blank=True)
    until = models.DateField(_("postponed until"), null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("decision on informing the person")
        verbose_name_plural = _("decisions on informing the person")

    def __str__(self) -> str:
        return f"{self.case} {self.decision} {self.on}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "on": when(self.on),
            "informing_decision": self.get_decision_display(),
            "how": self.how,
            "reason": self.reason,
            "until": when(self.until),
        }
