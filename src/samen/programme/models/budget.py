"""The budget: lines per year, per theme or action, with their source, and spending against them.

Amounts are exact decimals in euro (two places); sums are taken in SQL and differences in
Python ``Decimal``, never in floating point."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.programme.models.plan import Plan, PlanAction, Theme

ZERO = Decimal("0.00")


class BudgetLine(models.Model):
    class Source(models.TextChoices):
        OWN = "own", _("Own budget")
        COUNCIL = "council", _("Council decision")
        NATIONAL = "national", _("National subsidy")
        EUROPEAN = "european", _("European subsidy")

    class SubsidyStatus(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    SUBSIDIES = (Source.NATIONAL, Source.EUROPEAN)

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    action = models.ForeignKey(
        PlanAction,
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    subsidy_status = models.CharField(
        _("subsidy status"), max_length=10, choices=SubsidyStatus.choices, blank=True
    )
    reference = models.CharField(
        _("reference"),
        max_length=200,
        blank=True,
        help_text=_("The council decision or the subsidy scheme and its file number."),
    )
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    amount = models.DecimalField(
        _("planned amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    granted_amount = models.DecimalField(
        _("granted amount"), max_digits=12, decimal_places=2, default=ZERO
    )
    fte = models.DecimalField(_("staff time (FTE)"), max_digits=6, decimal_places=2, default=ZERO)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["year", "theme", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def audit_label(self) -> str:
        return f"budget line {self.pk} {self.year} {self.title[:60]}"

    @property
    def is_subsidy(self) -> bool:
        return self.source in self.SUBSIDIES


class Spending(models.Model):
    """Money spent against a line; a correction is a new entry with a negative amount."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spendings")
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spent_on", "pk"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")

    def __str__(self) -> str:
        return f"{self.spent_on} {self.amount}"
