"""The action plan: a plan per municipality and period, its themes with the five questions,
goals, actions with their lead and working group, progress, criteria and risks.

None of this is personal data of the persons casework is about: the leads and authors are staff
of the municipality and its partners (user accounts), named by their work."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    source_document = models.ForeignKey(
        "hub.Document",
        verbose_name=_("started from the hub document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_year", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.title} ({self.first_year}–{self.last_year})"  # noqa: RUF001

    def audit_label(self) -> str:
        return f"plan {self.pk} {self.title[:80]}"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class Theme(models.Model):
    """A theme of the plan, answering the same five questions as every other theme."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="themes")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    current_situation = models.TextField(_("Where are we now?"), blank=True)
    ambition = models.TextField(_("Where do we want to be in two years?"), blank=True)
    existing_work = models.TextField(_("What do we already do?"), blank=True)
    together = models.TextField(_("What will we do together?"), blank=True)
    municipality_role = models.TextField(_("What does the municipality do itself?"), blank=True)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"theme {self.pk} {self.title[:80]}"

    QUESTIONS = (
        "current_situation",
        "ambition",
        "existing_work",
        "together",
        "municipality_role",
    )

    @classmethod
    def question(cls, name: str) -> Any:
        """The question a field answers, as the interface asks it."""
        field = cls._meta.get_field(name)
        assert isinstance(field, models.Field)
        return field.verbose_name


class Goal(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="goals")
    text = models.TextField(_("goal"))
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["theme", "target_date", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:80]

    def audit_label(self) -> str:
        return f"goal {self.pk}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class PlanAction(models.Model):
    """An action (initiative) of a theme, with its lead ("trekker") and working group."""

    class Mode(models.TextChoices):
        TOGETHER = "together", _("Together with partners")
        ALONE = "alone", _("The municipality alone")

    Status = ActionStatus
    OPEN = (ActionStatus.PLANNED, ActionStatus.UNDER_WAY)

    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="actions"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead (trekker)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    working_group = models.ManyToManyField(
        Organisation, verbose_name=_("working group"), blank=True, related_name="+"
    )
    other_partners = models.TextField(
        _("other members of the working group"),
        blank=True,
        help_text=_("Organisations and groups that take part but have no place in samen."),
    )
    mode = models.CharField(
        _("who acts"), max_length=10, choices=Mode.choices, default=Mode.TOGETHER
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    stop_reason = models.TextField(_("reason for stopping"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True, db_index=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    practices = models.ManyToManyField(
        "hub.Practice", verbose_name=_("practices in the hub"), blank=True, related_name="+"
    )
    documents = models.ManyToManyField(
        "hub.Document", verbose_name=_("documents in the hub"), blank=True, related_name="+"
    )
    source_action = models.ForeignKey(
        "hub.DocumentAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme", "planned_end", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"action {self.pk} {self.title[:80]}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ProgressUpdate(models.Model):
    """A dated progress report on an action by the person who made it; appended, never
    edited. A change of status is recorded with the update that explains it."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    status = models.CharField(
        _("new status"), max_length=10, choices=ActionStatus.choices, blank=True
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.action_id} {self.on}"


class Criterion(models.Model):
    """A criterion every initiative of the plan is tested against; kept by the coordinator."""

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("criterion"), max_length=500)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")

    def __str__(self) -> str:
        return self.text

    def audit_label(self) -> str:
        return f"criterion {self.pk}"


class CriterionCheck(models.Model):
    """Whether an action meets a criterion, with a note: the coordinator's judgement."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="checks")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="checks")
    met = models.BooleanField(_("met"), default=False)
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "criterion"], name="programme_check_unique")
        ]
        verbose_name = _("criterion check")
        verbose_name_plural = _("criterion checks")

    def __str__(self) -> str:
        return f"{self.action_id}/{self.criterion_id}"


class Risk(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="risks")
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
    )
    title = models.CharField(_("risk"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    mitigation = models.TextField(_("mitigation"), blank=True)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"risk {self.pk} {self.title[:80]}"
