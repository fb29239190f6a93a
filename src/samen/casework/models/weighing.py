"""Weighing: the team's criteria and its judgements about signals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.models.intake import Signal
from samen.core.fields import EncryptedTextField
from samen.core.multilingual import Shown, missing_languages, shown
from samen.core.personal_data import organisation_name, personal_data, when


class WeighingCriterion(models.Model):
    """A criterion the weighing team weighs against, kept as data by the coordinator."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="weighing_criteria"
    )
    text_nl = models.CharField(_("criterion in Dutch"), max_length=300)
    text_en = models.CharField(_("criterion in English"), max_length=300, blank=True)
    text_fr = models.CharField(_("criterion in French"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("weighing criterion")
        verbose_name_plural = _("weighing criteria")

    def __str__(self) -> str:
        return self.text

    def audit_label(self) -> str:
        return self.text_nl[:100]

    @property
    def text(self) -> Shown:
        """The criterion in the reader's language, else in Dutch."""
        return shown(self, "text")

    @property
    def missing_languages(self) -> list[str]:
        return missing_languages(self, "text")


@personal_data(
    root="signal",
    path="signal",
    order=20,
    section="weighings",
    related=("referred_to", "weighed_by__organisation"),
)
class Weighing(models.Model):
    """A professional judgement about a signal, entered by a person. Appended, never edited."""

    class Outcome(models.TextChoices):
        NO_CONCERN = "no_concern", _("No concern: advice given, close")
        MORE_INFO = "more_info", _("More information needed: weigh again later")
        REFER_CARE = "refer_care", _("Other problems: refer to regular care")
        ADMIT = "admit", _("Possible radicalisation: admit to the case table")
        JOIN_CASE = "join_case", _("Same person, open case: add to the open case")
        ACUTE = "acute", _("Acute: hand to police and prosecutor")

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.PROTECT, related_name="weighings"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons = EncryptedTextField(_("reasons"))
    advice = EncryptedTextField(_("advice given to the reporter"), blank=True)
    referred_to = models.ForeignKey(
        Organisation,
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    criteria_met = models.ManyToManyField(
        WeighingCriterion, verbose_name=_("criteria met"), blank=True, related_name="+"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("weighing team present"),
        blank=True,
        related_name="weighings_taken_part",
    )
    weighed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("weighed by"), on_delete=models.PROTECT
    )
    weighed_at = models.DateTimeField(_("weighed at"), auto_now_add=True)
    # A signal that was not admitted can be looked at again on a date (casework, second round).
    review_on = models.DateField(_("look at this signal again on"), null=True, blank=True)

    class Meta:
        ordering = ["-weighed_at"]
        verbose_name = _("weighing")
        verbose_name_plural = _("weighings")

    def __str__(self) -> str:
        return f"{self.signal} {self.outcome}"

    def audit_label(self) -> str:
        return f"{self.signal.reference} {self.outcome}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "weighed_at": when(self.weighed_at),
            "by_organisation": organisation_name(self.weighed_by.organisation),
            "outcome": self.get_outcome_display(),
            "reasons": self.reasons,
            "advice": self.advice,
            "referred_to": organisation_name(self.referred_to),
            "review_on": when(self.review_on),
        }


OUTCOME_STATUS = {
    Weighing.Outcome.NO_CONCERN: Signal.Status.CLOSED,
    Weighing.Outcome.MORE_INFO: Signal.Status.MORE_INFO,
    Weighing.Outcome.REFER_CARE: Signal.Status.REFERRED,
    Weighing.Outcome.ADMIT: Signal.Status.ADMITTED,
    Weighing.Outcome.JOIN_CASE: Signal.Status.ADMITTED,
    Weighing.Outcome.ACUTE: Signal.Status.POLICE,
}
