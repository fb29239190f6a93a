"""Signals, weighings, cases and case-table meetings.

Personal data (names, observations, reasons, decisions) lives in encrypted columns. Access goes
through ``samen.casework.policy`` only: ``visible_to`` for lists, ``get_*_for`` for one object.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.capabilities import Capability
from samen.accounts.models import Organisation
from samen.privacy.fields import EncryptedTextField


def _acting(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


class SignalQuerySet(models.QuerySet["Signal"]):
    def visible_to(self, user: Any) -> SignalQuerySet:
        """Signals reach the advisors and weighing team of the receiving municipality."""
        if not _acting(user):
            return self.none()
        if not user.can(Capability.INTAKE_SIGNALS):
            return self.none()
        municipality_id = user.organisation.home_municipality_id
        if municipality_id is None:
            return self.none()
        return self.filter(municipality_id=municipality_id)


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: Any) -> CaseQuerySet:
        """A case is visible to casework roles of the organisations taking part in it."""
        if not _acting(user):
            return self.none()
        if not user.has_casework_role:
            return self.none()
        return self.filter(participations__organisation_id=user.organisation_id)


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Meetings of the user's municipality, for case-table members; items are filtered too."""
        if not _acting(user):
            return self.none()
        if not user.can(Capability.VIEW_MEETINGS):
            return self.none()
        municipality_id = user.organisation.home_municipality_id
        if municipality_id is None:
            return self.none()
        return self.filter(municipality_id=municipality_id)


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def visible_to(self, user: Any) -> AgendaItemQuerySet:
        """Only the items about cases the user may see: the table does not widen need-to-know."""
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Signal(models.Model):
    class Channel(models.TextChoices):
        PUBLIC_FORM = "public_form", _("Public form")
        PARTNER_FORM = "partner_form", _("Partner form")
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")
        API = "api", _("API")

    class Status(models.TextChoices):
        NEW = "new", _("Awaiting weighing")
        CLOSED = "closed", _("Closed: no concern")
        REFERRED = "referred", _("Referred to regular care")
        ADMITTED = "admitted", _("Admitted to the case table")
        POLICE = "police", _("Handed to the police (acute)")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving municipality"),
        on_delete=models.PROTECT,
        related_name="signals",
        limit_choices_to={"kind": "municipality"},
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_name = EncryptedTextField(_("reporter's name"), blank=True)
    reporter_contact = EncryptedTextField(_("reporter's phone or e-mail"), blank=True)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_signals",
    )
    reporting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_signals",
    )
    subject_name = EncryptedTextField(_("name of the person concerned"), blank=True)
    subject_birth_date = EncryptedTextField(_("date of birth of the person concerned"), blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    observation = EncryptedTextField(_("what was observed"))
    receipt_code_hash = models.CharField(max_length=64, unique=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return self.reference


class Weighing(models.Model):
    """A professional judgement about a signal, entered by a person. Appended, never edited."""

    class Outcome(models.TextChoices):
        NO_CONCERN = "no_concern", _("No concern: advice given, close")
        REFER_CARE = "refer_care", _("Other problems: refer to regular care")
        ADMIT = "admit", _("Possible radicalisation: admit to the case table")
        ACUTE = "acute", _("Acute: hand to the police")

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.PROTECT, related_name="weighings"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons = EncryptedTextField(_("reasons"))
    weighed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("weighed by"), on_delete=models.PROTECT
    )
    weighed_at = models.DateTimeField(_("weighed at"), auto_now_add=True)

    class Meta:
        ordering = ["-weighed_at"]
        verbose_name = _("weighing")
        verbose_name_plural = _("weighings")

    def __str__(self) -> str:
        return f"{self.signal} {self.outcome}"

    def audit_label(self) -> str:
        return f"{self.signal.reference} {self.outcome}"


OUTCOME_STATUS = {
    Weighing.Outcome.NO_CONCERN: Signal.Status.CLOSED,
    Weighing.Outcome.REFER_CARE: Signal.Status.REFERRED,
    Weighing.Outcome.ADMIT: Signal.Status.ADMITTED,
    Weighing.Outcome.ACUTE: Signal.Status.POLICE,
}


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality (direction)"),
        on_delete=models.PROTECT,
        related_name="directed_cases",
    )
    origin = models.OneToOneField(
        Signal,
        verbose_name=_("signal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
    )
    subject_name = EncryptedTextField(_("name of the person concerned"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    opened_at = models.DateTimeField(_("opened at"), db_index=True)
    participants = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating organisations"),
        through="CaseParticipation",
        related_name="cases",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return self.reference


class CaseParticipation(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="unique_participation")
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.case} {self.organisation}"


class Meeting(models.Model):
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("case-table meeting")
        verbose_name_plural = _("case-table meetings")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.PROTECT
    )
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_attendance")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return f"{self.meeting} {self.user}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("position"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="unique_agenda_case")
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.meeting} #{self.position}"

    def audit_label(self) -> str:
        return f"{self.case.reference} @ {self.meeting.audit_label()}"


class Decision(models.Model):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    text = EncryptedTextField(_("decision"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.agenda_item} decision"


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    description = EncryptedTextField(_("action"))
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="case_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.agenda_item} action"
