"""One person, one case: a later signal about a person with an open case, added to that case."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.casework.models.cases import Case
from samen.casework.models.intake import Signal
from samen.core.personal_data import personal_data, when


@personal_data(root="case", path="case", order=5, section="joined_signals")
class JoinedSignal(models.Model):
    """A signal the weighing team added to the open case of the same person (by a person's
    decision: samen never links signals or persons by itself). Removed with the case; the
    signal itself goes after it (retention) or with the person (erasure)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="joined_signals"
    )
    signal = models.OneToOneField(
        Signal, verbose_name=_("signal"), on_delete=models.PROTECT, related_name="joined_case"
    )
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT
    )
    joined_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("signal added to a case")
        verbose_name_plural = _("signals added to cases")

    def __str__(self) -> str:
        return f"{self.case} + {self.signal}"

    def subject_data(self) -> dict[str, Any]:
        return {"signal": self.signal.reference, "added_at": when(self.joined_at)}
