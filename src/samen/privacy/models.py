"""Privacy: legal holds on cases and the anonymous counts kept when personal data is removed.

``RetainedStatistic`` holds no personal data: counts per year, kind, status, outcome, ideology
category, age band and district, added to when retention removes a signal or a case, so that
reporting over past years still works (see ``samen.casework.statistics``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.core.fields import EncryptedTextField


class AgeBand(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    UNDER_12 = "0-11", _("Under 12")
    FROM_12 = "12-17", _("12 to 17")
    FROM_18 = "18-22", _("18 to 22")
    FROM_23 = "23-29", _("23 to 29")
    FROM_30 = "30+", _("30 and older")


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """A case (with its person, signal and attachments) that retention must leave alone.

    Set with a reason (a complaint, a court case, a request of the person), lifted with a
    reason; the row is kept while the case exists, so the history of holds stays visible."""

    case = models.ForeignKey(
        "casework.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="holds"
    )
    reason = EncryptedTextField(_("reason for the hold"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lift_reason = EncryptedTextField(_("reason for lifting"), blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_hold_per_case",
            )
        ]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        return f"hold {self.pk}"

    def audit_label(self) -> str:
        return f"{self.case.reference}: hold {self.pk}"


class RetainedStatistic(models.Model):
    """Anonymous counts of removed signals and cases. One row per combination; counts add up."""

    class Kind(models.TextChoices):
        SIGNAL = "signal", _("Signal")
        CASE = "case", _("Case")

    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # A signal's status or a case's phase when it was removed.
    status = models.CharField(_("status or phase"), max_length=20)
    # The last weighing outcome of a signal, the closing reason of a case.
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    ideology = models.CharField(_("ideology"), max_length=20, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ["year", "kind", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality",
                    "year",
                    "kind",
                    "status",
                    "outcome",
                    "ideology",
                    "age_band",
                    "district",
                ],
                name="one_retained_statistic_per_combination",
            )
        ]
        verbose_name = _("retained statistic")
        verbose_name_plural = _("retained statistics")

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.status}: {self.count}"

    @classmethod
    def add(cls, **dimensions: Any) -> None:
        """Count one more removed signal or case under these dimensions."""
        row, _created = cls.objects.select_for_update().get_or_create(**dimensions)
        cls.objects.filter(pk=row.pk).update(count=models.F("count") + 1)
