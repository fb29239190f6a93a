"""Transfer of a case to another municipality of the same installation: proposed by the
directing municipality's coordinator, accepted or declined by the receiving one's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.models.cases import Case
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import organisation_name, personal_data, when


class TransferQuerySet(models.QuerySet["CaseTransfer"]):
    def pending(self) -> TransferQuerySet:
        return self.filter(state=CaseTransfer.State.PROPOSED)


@personal_data(
    root="case",
    path="case",
    order=30,
    section="transfers",
    related=("from_municipality", "to_municipality"),
)
class CaseTransfer(models.Model):
    """A proposal to move a case to another municipality, and what became of it. One row per
    proposal, kept after the decision (who decided, when, why); at most one pending per case.
    The reasons may describe the person: encrypted."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("from municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("to municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = EncryptedTextField(_("reason for the transfer"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = EncryptedTextField(_("reason for the decision"), blank=True)
    # Whether the person record moved with the case (it does when the person has no other
    # case in the sending municipality; otherwise the transfer is refused).
    person_moved = models.BooleanField(_("person record moved"), default=False)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(state="proposed"),
                name="one_pending_transfer_per_case",
            )
        ]
        verbose_name = _("transfer of a case")
        verbose_name_plural = _("transfers of cases")

    def __str__(self) -> str:
        return f"{self.case} -> {self.to_municipality_id} ({self.state})"

    # No municipality of its own for the audit log: reading a transfer is recorded for the
    # reader's municipality (either side's data protection officer sees their own people's
    # reads); the changes are recorded for both municipalities by the actions.

    def audit_label(self) -> str:
        return f"{self.case.reference}: {self.from_municipality.name} > {self.to_municipality.name}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "from": organisation_name(self.from_municipality),
            "to": organisation_name(self.to_municipality),
            "at": when(self.proposed_at),
            "reason": self.reason,
            "state": self.get_state_display(),
            "decided_at": when(self.decided_at),
            "decision_reason": self.decision_reason,
        }
