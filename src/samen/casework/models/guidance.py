"""Decision trees that guide a reporter to advice before the reporting form."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.core.multilingual import Shown, missing_languages, shown


class GuidanceTree(models.Model):
    """A decision tree that guides a reporter to advice before the form, kept as data by the
    coordinator per target group."""

    class Audience(models.TextChoices):
        PROFESSIONALS = "professionals", _("Professionals")
        RESIDENTS = "residents", _("Residents")
        SCHOOLS = "schools", _("Schools")

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(_("target group"), max_length=20, choices=Audience.choices)
    title_nl = models.CharField(_("title in Dutch"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    start = models.ForeignKey(
        "GuidanceNode",
        verbose_name=_("first question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["audience", "title_nl"]
        verbose_name = _("decision tree")
        verbose_name_plural = _("decision trees")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return self.title_nl

    @property
    def title(self) -> Shown:
        """The title in the reader's language, else in Dutch."""
        return shown(self, "title")

    @property
    def missing_languages(self) -> list[str]:
        return missing_languages(self, "title")


class GuidanceNode(models.Model):
    """A question (with answers leading on) or an advice (where a path ends)."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ADVICE = "advice", _("Advice")

    tree = models.ForeignKey(GuidanceTree, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_nl = models.TextField(_("text in Dutch"))
    text_en = models.TextField(_("text in English"), blank=True)
    text_fr = models.TextField(_("text in French"), blank=True)
    emergency = models.BooleanField(_("acute danger: show the emergency number"), default=False)
    offer_report = models.BooleanField(_("offer the reporting form"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def text(self) -> Shown:
        """The question or advice in the reader's language, else in Dutch."""
        return shown(self, "text")

    @property
    def missing_languages(self) -> list[str]:
        return missing_languages(self, "text")


class GuidanceAnswer(models.Model):
    question = models.ForeignKey(GuidanceNode, on_delete=models.CASCADE, related_name="answers")
    label_nl = models.CharField(_("answer in Dutch"), max_length=200)
    label_en = models.CharField(_("answer in English"), max_length=200, blank=True)
    label_fr = models.CharField(_("answer in French"), max_length=200, blank=True)
    leads_to = models.ForeignKey(
        GuidanceNode, verbose_name=_("leads to"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> Shown:
        """The answer in the reader's language, else in Dutch."""
        return shown(self, "label")

    @property
    def missing_languages(self) -> list[str]:
        return missing_languages(self, "label")
