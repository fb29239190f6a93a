"""The anonymous counts kept when personal data is removed.

``RetainedStatistic`` holds no personal data: counts per year, kind, status, outcome, ideology
category, age band and district, added to when retention removes a signal or a case, so that
reporting over past years still works (``samen.reports.statistics``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.core import generations
from samen.core.generations import Topic


class AgeBand(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    UNDER_12 = "0-11", _("Under 12")
    FROM_12 = "12-17", _("12 to 17")
    FROM_18 = "18-22", _("18 to 22")
    FROM_23 = "23-29", _("23 to 29")
    FROM_30 = "30+", _("30 and older")


def age_band(birth_date: str, on: date) -> str:
    """The band of the age on ``on`` of someone born on ``birth_date`` (ISO), or unknown."""
    if not birth_date:
        return AgeBand.UNKNOWN
    try:
        born = date.fromisoformat(birth_date)
    except ValueError:
        return AgeBand.UNKNOWN
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age < 12:
        return AgeBand.UNDER_12
    if age < 18:
        return AgeBand.FROM_12
    if age < 23:
        return AgeBand.FROM_18
    if age < 30:
        return AgeBand.FROM_23
    return AgeBand.FROM_30


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
        # Counted in the yearly account; ``update`` sends no model signals.
        generations.bump([row.municipality_id], [Topic.CASES])


class AccountText(models.Model):
    """The coordinator's words in the yearly account, per theme of the action plan (or, without
    a theme, for the approach as a whole): what we wanted to achieve, what we did, what we
    conclude. Written as a draft, then finalised by the coordinator; a final text is no longer
    changed. No personal data: texts about the programme, not about persons."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    theme = models.ForeignKey(
        "programme.Theme",
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    wanted = models.TextField(_("What did we want to achieve?"), blank=True)
    did = models.TextField(_("What did we do?"), blank=True)
    conclude = models.TextField(_("What do we conclude?"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    class Meta:
        ordering = ["year", "theme_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "theme"], name="one_account_text_per_theme"
            ),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=models.Q(theme__isnull=True),
                name="one_general_account_text_per_year",
            ),
        ]
        verbose_name = _("text of the yearly account")
        verbose_name_plural = _("texts of the yearly account")

    def __str__(self) -> str:
        return f"{self.year} {self.theme_id or '-'} {self.status}"

    def audit_label(self) -> str:
        return f"account text {self.year} theme {self.theme_id or '-'}"
