"""Referrals that close the loop: a signal referred to regular care is accepted or declined by
the receiving organisation, and the reporting professional hears that the signal was handled."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.models.intake import Signal
from samen.casework.models.weighing import Weighing
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import organisation_name, personal_data, when


@personal_data(
    root="signal",
    path="signal",
    order=15,
    section="referrals",
    related=("organisation",),
)
class Referral(models.Model):
    """A signal referred to another organisation by the weighing team. It carries only what the
    receiving organisation needs (what is asked and why), never the weighing team's reasons or
    the rest of the signal. Open until the receiving organisation accepts or declines it, with
    a reason; the decision is made once."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the receiving organisation")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.PROTECT, related_name="referrals"
    )
    weighing = models.OneToOneField(
        Weighing, verbose_name=_("weighing"), on_delete=models.PROTECT, related_name="referral"
    )
    # The signal's municipality, copied when the referral is made (a signal never changes
    # municipality): the weighing team's and the receiving organisation's rules and counts
    # read it from the referral and its indexes, without joining every signal of the
    # municipality (issue #16: the start page counted 22,000 signals for a large city).
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        # The index referral_muni_status leads with it.
        db_index=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    question = EncryptedTextField(_("what the receiving organisation is asked"), blank=True)
    reason = EncryptedTextField(_("why the person is referred"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    referred_at = models.DateTimeField(_("referred at"), auto_now_add=True, db_index=True)
    decision_reason = EncryptedTextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["referred_at", "pk"]
        # The open referrals (start page, lists), with their signal and date from the index
        # alone.
        indexes = [
            models.Index(fields=["status", "signal", "referred_at"], name="referral_status_signal"),
            # The open referrals of a municipality, oldest first (the weighing team's count,
            # its overdue count and its list), and those to one receiving organisation.
            models.Index(
                fields=["municipality", "status", "referred_at", "id"], name="referral_muni_status"
            ),
            models.Index(
                fields=["organisation", "municipality", "status"], name="referral_org_muni_status"
            ),
            # The decided ones of a municipality, newest first (the weighing team's list):
            # read from this end of its range of the index instead of sorting every decided
            # referral of the municipality (SQLite) or walking those of every municipality
            # (PostgreSQL, when the index did not lead with the municipality).
            models.Index(
                fields=["municipality", "decided_at", "id"],
                name="referral_muni_decided",
                condition=models.Q(decided_at__isnull=False),
            ),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.signal} -> {self.organisation}"

    def audit_label(self) -> str:
        return f"{self.signal.reference} -> {self.organisation.name}: {self.status}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "referred_at": when(self.referred_at),
            "referred_to": organisation_name(self.organisation),
            "question": self.question,
            "reason": self.reason,
            "status": self.get_status_display(),
            "decided_at": when(self.decided_at),
            "decision_reason": self.decision_reason,
        }


@personal_data(root="signal", path="signal", order=15, section="feedback")
class ReporterFeedback(models.Model):
    """Feedback to the professional who reported: that the signal was handled, and advice.
    Appended, never edited. The reporter reads it on the follow-up page with the receipt code
    (never for an anonymous report); the e-mail that announces it carries only a link."""

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.PROTECT, related_name="feedback"
    )
    advice = EncryptedTextField(_("advice to the reporter"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    notified = models.BooleanField(_("reporter notified by e-mail"), default=False)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("feedback to the reporter")
        verbose_name_plural = _("feedback to reporters")

    def __str__(self) -> str:
        return f"{self.signal} feedback"

    def subject_data(self) -> dict[str, Any]:
        return {"sent_at": when(self.sent_at), "advice": self.advice}
