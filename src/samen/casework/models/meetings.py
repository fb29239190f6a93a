"""The case table: meetings, attendance, agenda items, decisions and actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.models.cases import Case
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import organisation_name, personal_data, when


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


# That the case was discussed at a meeting: removed with the case (after its decisions, actions
# and the contributions shared at it), exported through those.
@personal_data(root="case", path="case", order=20)
class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("position"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

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


@personal_data(
    root="case",
    path="agenda_item__case",
    order=10,
    section="decisions",
    related=("agenda_item__meeting",),
)
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

    def subject_data(self) -> dict[str, Any]:
        return {
            "at": when(self.recorded_at),
            "meeting": when(self.agenda_item.meeting.starts_at),
            "text": self.text,
        }


@personal_data(
    root="case", path="agenda_item__case", order=10, section="actions", related=("owner",)
)
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
    # When the action was marked done; cleared when it is reopened. Empty for actions done
    # before this was recorded: when they were done is unknown.
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.agenda_item} action"

    def subject_data(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "owner": organisation_name(self.owner),
            "due_date": when(self.due_date),
            "status": self.get_status_display(),
            "completed_at": when(self.completed_at),
        }
