"""The person-oriented plan: goals, interventions and the second person's approval."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.lifecycle import (
    ConsentBy,
    Domain,
    InterventionStatus,
)
from samen.casework.models.cases import Case
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import organisation_name, personal_data, when


@personal_data(root="case", path="case", order=30, section="goals")
class Goal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="goals")
    text = EncryptedTextField(_("goal"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.case} goal"

    def subject_data(self) -> dict[str, Any]:
        return {"at": when(self.created_at), "text": self.text}


@personal_data(
    root="case", path="case", order=30, section="interventions", related=("responsible",)
)
class Intervention(models.Model):
    """One part of the person-oriented plan, with a responsible partner and consent."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interventions")
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    description = EncryptedTextField(_("description"))
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    outcome = EncryptedTextField(_("outcome"), blank=True)
    voluntary = models.BooleanField(_("voluntary"), default=True)
    consent_given = models.BooleanField(_("consent given"), null=True)
    consent_by = models.CharField(
        _("consent given by"), max_length=20, choices=ConsentBy.choices, blank=True
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = EncryptedTextField(_("consent given to"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return f"{self.case} {self.domain}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "domain": self.get_domain_display(),
            "description": self.description,
            "responsible": organisation_name(self.responsible),
            "start": when(self.starts_on),
            "planned_end": when(self.planned_end),
            "status": self.get_status_display(),
            "outcome": self.outcome,
            "voluntary": self.voluntary,
            "consent_given": self.consent_given,
            "consent_by": self.get_consent_by_display() if self.consent_by else "",
            "consent_on": when(self.consent_on),
            "consent_to": self.consent_scope,
        }


@personal_data(root="case", path="case", order=30, section="plan_approvals")
class PlanApproval(models.Model):
    """A second person approved the plan as it stood at that moment."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plan_approvals")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("plan approval")
        verbose_name_plural = _("plan approvals")

    def __str__(self) -> str:
        return f"{self.case} plan approved"

    def subject_data(self) -> dict[str, Any]:
        return {"at": when(self.approved_at), "note": self.note}
