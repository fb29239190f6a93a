"""Experts and providers (issue 11, point 4): the municipality's register, and the orders for an
assessment or an intervention that go to one of them for a limited time."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.models.cases import Attachment, Case
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import organisation_name, personal_data, when


class Expert(models.Model):
    """An expert or provider in a municipality's register, kept by its coordinator. The expert
    logs in with an account of their own (the role "expert"), which sees only the orders given
    to this entry while they are open. About the professional, not about a person in a case: no
    entry of the registry of personal data (like the accounts themselves)."""

    class Kind(models.TextChoices):
        EXPERT = "expert", _("Expert (assessments)")
        PROVIDER = "provider", _("Provider (interventions)")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited availability")
        UNAVAILABLE = "unavailable", _("Not available for now")

    municipality = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="expert_entries",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    specialism = models.CharField(_("specialism"), max_length=300)
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, default="available"
    )
    on_call = models.CharField(_("on-call times"), max_length=300, blank=True)
    active = models.BooleanField(_("in the register"), default=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"], name="one_register_entry_per_account"
            )
        ]
        verbose_name = _("expert or provider")
        verbose_name_plural = _("experts and providers")

    def __str__(self) -> str:
        return f"{self.organisation_name}: {self.specialism}"

    def audit_label(self) -> str:
        return f"{self.organisation_name} ({self.get_kind_display()})"


def access_until_for(due_on: date) -> date:
    """The default end of an expert's access: the due date and ``SAMEN_EXPERT_ACCESS_DAYS``."""
    return due_on + timedelta(days=settings.EXPERT_ACCESS_DAYS)


@personal_data(
    root="case",
    path="case",
    order=20,
    section="expert_orders",
    related=("expert",),
)
class ExpertOrder(models.Model):
    """An order for an assessment or an intervention, given to one expert or provider with a
    question and a due date. The expert sees the order (the question and the summary of the case
    the coordinator chose to share) while it is open and ``access_until`` has not passed, never
    the case itself; the report comes back as an encrypted attachment of the case."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment")
        INTERVENTION = "intervention", _("Intervention")

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered")
        DELIVERED = "delivered", _("Delivered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="expert_orders"
    )
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("expert or provider"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    question = EncryptedTextField(_("question"))
    summary = EncryptedTextField(_("summary of the case shared with the expert"), blank=True)
    due_on = models.DateField(_("due date"))
    access_until = models.DateField(_("access until"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ORDERED, db_index=True
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ordered_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delivered or withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("delivered or withdrawn at"), null=True, blank=True)
    report = models.ForeignKey(
        Attachment,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-ordered_at", "-pk"]
        verbose_name = _("order to an expert or provider")
        verbose_name_plural = _("orders to experts and providers")

    def __str__(self) -> str:
        return f"{self.case} order {self.pk} ({self.status})"

    @property
    def audit_municipality_id(self) -> int:
        return self.case.municipality_id

    def audit_label(self) -> str:
        return f"{self.case.reference} order {self.pk}: {self.kind}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "kind": self.get_kind_display(),
            "expert": self.expert.organisation_name,
            "order_question": self.question,
            "summary": self.summary,
            "ordered_at": when(self.ordered_at),
            "due_on": when(self.due_on),
            "status": self.get_status_display(),
            "closed_at": when(self.closed_at),
        }


@personal_data(
    root="signal",
    path="signal",
    order=15,
    section="known_elsewhere_notices",
    related=("municipality", "from_municipality"),
)
class KnownElsewhereNotice(models.Model):
    """Known elsewhere, told actively (issue 11, point 2): the other municipality was told once
    that a municipality has a signal about a person known in its casework. The notice carries
    only that fact and whom to contact (the weighing team of ``from_municipality``), never
    which person or what the signal says."""

    signal = models.ForeignKey(
        "casework.Signal",
        verbose_name=_("signal"),
        on_delete=models.PROTECT,
        related_name="known_elsewhere_notices",
    )
    from_municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality with the signal"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality told"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    told_at = models.DateTimeField(_("told at"), auto_now_add=True)

    class Meta:
        ordering = ["-told_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "municipality"], name="one_notice_per_signal_and_municipality"
            )
        ]
        verbose_name = _("known-elsewhere notice")
        verbose_name_plural = _("known-elsewhere notices")

    def __str__(self) -> str:
        return f"notice {self.pk}: {self.from_municipality_id} > {self.municipality_id}"

    def audit_label(self) -> str:
        return f"{self.from_municipality.name} > {self.municipality.name}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "told": organisation_name(self.municipality),
            "at": when(self.told_at),
        }
