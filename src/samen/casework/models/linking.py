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


@personal_data(root="case", path="case", order=5, section="case_links")
class CaseLink(models.Model):
    """Two cases linked as family or as a group (recruiters, siblings), by a person. Shown only
    to those who may see both cases (``policy.case_links_visible_to``); the other case's
    reference never appears in the subject-access export (it is another person's)."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("Family")
        GROUP = "group", _("Group")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="links"
    )
    # The link means nothing without the other case: it goes when that case is removed.
    to_case = models.ForeignKey(
        Case, verbose_name=_("linked case"), on_delete=models.CASCADE, related_name="linked_from"
    )
    kind = models.CharField(_("kind of link"), max_length=20, choices=Kind.choices)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("linked by"), on_delete=models.PROTECT
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        ordering = ["linked_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "to_case"], name="one_link_per_pair")
        ]
        verbose_name = _("link between cases")
        verbose_name_plural = _("links between cases")

    def __str__(self) -> str:
        return f"{self.case} ~ {self.to_case}"

    def subject_data(self) -> dict[str, Any]:
        return {"kind": self.get_kind_display(), "at": when(self.linked_at)}
