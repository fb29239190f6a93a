"""Communication: planned communication moments, dialogue meetings and the log of responses
to incidents and media questions. No personal data: no names of persons are written here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.programme.models.plan import Theme


class CommunicationMoment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField(_("date"), db_index=True)
    audience = models.CharField(_("audience"), max_length=300)
    channel = models.CharField(_("channel"), max_length=200)
    core_message = models.TextField(_("core message"))
    owner = models.CharField(_("owner"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("communication moment")
        verbose_name_plural = _("communication moments")

    def __str__(self) -> str:
        return f"{self.planned_on} {self.channel}"

    def audit_label(self) -> str:
        return f"communication moment {self.pk} {self.planned_on}"


class DialogueMeeting(models.Model):
    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("dialogue meeting")
        verbose_name_plural = _("dialogue meetings")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"dialogue meeting {self.pk} {self.held_on}"


class MediaResponse(models.Model):
    """A response to an incident or a media question: what it was about and what was said."""

    class Kind(models.TextChoices):
        INCIDENT = "incident", _("Incident")
        MEDIA = "media", _("Media question")

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject = models.CharField(
        _("about"),
        max_length=300,
        help_text=_("The incident or question in general terms, without names of persons."),
    )
    response = models.TextField(_("response"))
    channel = models.CharField(_("channel"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("response to an incident or media question")
        verbose_name_plural = _("responses to incidents and media questions")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind}"

    def audit_label(self) -> str:
        return f"response {self.pk} {self.occurred_on}"
