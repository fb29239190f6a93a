"""Trainings and events: a catalogue of trainings, their sessions with participants and
evaluations, events such as a theme day with their programme items, and school and parent
programmes with what they reached.

Participants who registered are named (personal data: encrypted, registered, removed at their
own term and then kept as a count); people who did not register are counted per organisation
or sector."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import organisation_name, personal_data, when
from samen.programme.models.network import _IDENTITY, Sector
from samen.programme.models.plan import Theme


class Training(models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        ADVANCED = "advanced", _("Advanced")
        EXPERT = "expert", _("Expert")

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    hours = models.DecimalField(
        _("length (hours)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.BASIC)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"training {self.pk} {self.title[:60]}"


class TrainingSession(models.Model):
    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.training} {self.starts_on}"

    def audit_label(self) -> str:
        return f"session {self.pk} {self.starts_on}"


@personal_data(
    root="training_participant",
    order=100,
    identity=_IDENTITY,
    related=("session__training__municipality", "organisation"),
)
class TrainingParticipant(models.Model):
    """A participant who registered by name."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="participants"
    )
    name = EncryptedTextField(_("name"))
    email = EncryptedTextField(_("e-mail address"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    email_index = models.CharField(max_length=64, blank=True, db_index=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "organisation__name", "pk"]
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")

    def __str__(self) -> str:
        return f"participant {self.pk}"

    def audit_label(self) -> str:
        return f"participant {self.pk}"

    def subject_data(self) -> dict[str, Any]:
        session = self.session
        return {
            "id": self.pk,
            "controller": organisation_name(session.training.municipality),
            "name": self.name,
            "email": self.email,
            "organisation": organisation_name(self.organisation),
            "sector": self.get_sector_display(),
            "training": session.training.title,
            "session_date": when(session.starts_on),
            "place": session.place,
            "recorded_since": when(self.registered_at),
        }


class Headcount(models.Model):
    """People at a session who did not register by name, counted per organisation or sector;
    also where named participants go when retention removes their names."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="headcounts"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    count = models.PositiveIntegerField(
        _("number of participants"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["session", "sector", "pk"]
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")

    def __str__(self) -> str:
        return f"{self.session_id} {self.sector} {self.count}"


class Evaluation(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="evaluations"
    )
    summary = models.TextField(_("summary"))
    rating = models.PositiveSmallIntegerField(
        _("rating (1 to 5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.session_id} {self.rating}"


class Event(models.Model):
    class Kind(models.TextChoices):
        THEME_DAY = "theme_day", _("Theme day")
        EXPERT_MEETING = "expert_meeting", _("Expert meeting")
        CONFERENCE = "conference", _("Conference")
        WORKING_SESSION = "working_session", _("Working session")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"event {self.pk} {self.title[:60]}"


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    speaker = models.CharField(_("speaker or facilitator"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self) -> str:
        return self.title


class Outreach(models.Model):
    """A school or parent programme (e.g. a resilience training at primary schools)."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School programme")
        PARENTS = "parents", _("Parent programme")

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("school or parent programme")
        verbose_name_plural = _("school and parent programmes")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"outreach {self.pk} {self.title[:60]}"


class Delivery(models.Model):
    """Where and when a school or parent programme was given, and whom it reached."""

    outreach = models.ForeignKey(Outreach, on_delete=models.PROTECT, related_name="deliveries")
    school = models.CharField(_("school or location"), max_length=200)
    held_on = models.DateField(_("date"), db_index=True)
    classes = models.PositiveIntegerField(_("classes"), default=0)
    pupils = models.PositiveIntegerField(_("pupils"), default=0)
    parents = models.PositiveIntegerField(_("parents and carers"), default=0)
    professionals = models.PositiveIntegerField(_("teachers and professionals"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.school} {self.held_on}"
