"""Decision trees that guide a reporter to advice before the reporting form."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation


class GuidanceTree(models.Model):
    """A decision tree that guides a reporter to advice before the form, kept as data by the
    coordinator per target group."""

    class Audience(models.TextChoices):
        PROFESSIONALS = "professionals", _("Professionals")
        RESIDENTS = "residents", _("Residents")
        SCHOOLS = "schools", _("Schools")

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(_("target group"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=200)
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
        ordering = ["audience", "title"]
        verbose_name = _("decision tree")
        verbose_name_plural = _("decision trees")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return self.title


class GuidanceNode(models.Model):
    """A question (with answers leading on) or an advice (where a path ends)."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ADVICE = "advice", _("Advice")

    tree = models.ForeignKey(GuidanceTree, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    emergency = models.BooleanField(_("acute danger: show the emergency number"), default=False)
    offer_report = models.BooleanField(_("offer the reporting form"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.text[:60]


class GuidanceAnswer(models.Model):
    question = models.ForeignKey(GuidanceNode, on_delete=models.CASCADE, related_name="answers")
    label = models.CharField(_("answer"), max_length=200)
    leads_to = models.ForeignKey(
        GuidanceNode, verbose_name=_("leads to"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.label
