"""Cases: who takes part, phases, closing, reviews, judgements, contributions, files."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.lifecycle import (
    ClosingReason,
    ConcernLevel,
    Ideology,
    LifeDomain,
    Phase,
)
from samen.casework.models.intake import Signal
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import organisation_name, personal_data, when


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.exclude(phase=Phase.CLOSED)


@personal_data(
    root="case", order=100, identity={"subject_name": ""}, related=("municipality", "origin")
)
class Case(models.Model):
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
    person = models.ForeignKey(
        "Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.ADMITTED, db_index=True
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_cases",
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
        # The counts of a year's cases of a municipality by phase (the analyst's statistics,
        # the yearly account): one range of this index, read from the index alone.
        indexes = [
            models.Index(
                fields=["municipality", "opened_at", "id", "phase"], name="case_muni_opened"
            ),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return self.reference

    def subject_data(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "opened_at": when(self.opened_at),
            "direction": organisation_name(self.municipality),
            "phase": self.get_phase_display(),
            "origin_signal": self.origin.reference if self.origin else None,
        }


class ParticipationQuerySet(models.QuerySet["CaseParticipation"]):
    def current(self) -> ParticipationQuerySet:
        return self.filter(removed_at__isnull=True)


@personal_data(root="case", path="case", order=30, section="recipients", related=("organisation",))
class CaseParticipation(models.Model):
    """An organisation taking part in a case. Removal is recorded, never deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    added_at = models.DateTimeField(auto_now_add=True)
    reason = EncryptedTextField(_("reason for taking part"), blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_reason = EncryptedTextField(_("reason for removal"), blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(removed_at__isnull=True),
                name="unique_current_participation",
            )
        ]
        indexes = [
            # The cases an organisation takes part in now, from the index alone: the need-to-know
            # of every list and count of cases (policy.cases_visible_to). Through the index on the
            # organisation, PostgreSQL read each of a large city's 4,445 participations from the
            # table to check its removal (issue 16).
            models.Index(
                fields=["organisation", "case"],
                condition=models.Q(removed_at__isnull=True),
                name="participation_org_case",
            )
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.case} {self.organisation}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "organisation": organisation_name(self.organisation),
            "from": when(self.added_at),
            "until": when(self.removed_at),
            "reason": self.reason,
            "removal_reason": self.removal_reason,
        }


@personal_data(root="case", path="case", order=30, section="phases")
class PhaseChange(models.Model):
    """A move of a case from one phase to another, with its reason. Appended, never edited."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="phase_changes")
    from_phase = models.CharField(_("from"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("to"), max_length=20, choices=Phase.choices)
    reason = EncryptedTextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [
            # Retention's "closed before" (cases, attachments and persons due): a range of the
            # closings, not every phase change of every case (privacy/retention.py).
            models.Index(
                fields=["changed_at", "case"],
                name="phasechange_closed_at",
                condition=models.Q(to_phase="closed"),
            ),
        ]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.case} {self.from_phase}->{self.to_phase}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "at": when(self.changed_at),
            "from": self.get_from_phase_display(),
            "to": self.get_to_phase_display(),
            "reason": self.reason,
        }


@personal_data(root="case", path="case", order=30, section="closure_requests")
class ClosureRequest(models.Model):
    """Closing a case is proposed by one person and approved (or not) by a second."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closure_requests")
    closing_reason = models.CharField(
        _("closing reason"), max_length=20, choices=ClosingReason.choices
    )
    explanation = EncryptedTextField(_("explanation"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    decision_note = EncryptedTextField(_("note on the decision"), blank=True)
    # The review schedule chosen at closure: months after closing, e.g. "6,12" or "6,12,24".
    review_months = models.CharField(_("reviews after (months)"), max_length=40, default="6,12")

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(decided_at__isnull=True),
                name="one_pending_closure_per_case",
            )
        ]
        verbose_name = _("closure request")
        verbose_name_plural = _("closure requests")

    def __str__(self) -> str:
        return f"{self.case} closure"

    def subject_data(self) -> dict[str, Any]:
        return {
            "at": when(self.requested_at),
            "closing_reason": self.get_closing_reason_display(),
            "explanation": self.explanation,
            "approved": self.approved,
            "decision_note": self.decision_note,
        }


@personal_data(root="case", path="case", order=30, section="reviews")
class Review(models.Model):
    """A scheduled look at a closed case (by default 6 and 12 months after closing)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField(_("due on"), db_index=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = EncryptedTextField(_("findings"), blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.case} review {self.due_on}"

    def subject_data(self) -> dict[str, Any]:
        return {"due_on": when(self.due_on), "done_at": when(self.done_at), "findings": self.note}


@personal_data(root="case", path="case", order=30, section="concern")
class ConcernAssessment(models.Model):
    """Ideology category and level of concern, set by a person with reasons; history kept."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="concerns")
    ideology = models.CharField(_("ideology"), max_length=20, choices=Ideology.choices)
    level = models.CharField(_("level of concern"), max_length=20, choices=ConcernLevel.choices)
    reasons = EncryptedTextField(_("reasons"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        verbose_name = _("ideology and level of concern")
        verbose_name_plural = _("ideology and level of concern")

    def __str__(self) -> str:
        return f"{self.case} {self.ideology}/{self.level}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "at": when(self.set_at),
            "ideology": self.get_ideology_display(),
            "level": self.get_level_display(),
            "reasons": self.reasons,
        }


# Before the agenda items: a contribution shared at a meeting points at its item.
@personal_data(
    root="case",
    path="case",
    order=10,
    section="contributions",
    related=("organisation",),
    prefetch=("restricted_to",),
)
class CaseNote(models.Model):
    """A partner's contribution to a case, with its source organisation.

    Professional secrecy: a note can be restricted to some participating organisations; it is
    then invisible to everyone else, in every page and API."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("contribution"))
    restricted = models.BooleanField(_("restricted"), default=False)
    restricted_to = models.ManyToManyField(
        Organisation, verbose_name=_("only for"), blank=True, related_name="+"
    )
    agenda_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("shared at the meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shared_information",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.case} note"

    def subject_data(self) -> dict[str, Any]:
        return {
            "at": when(self.created_at),
            "organisation": organisation_name(self.organisation),
            "restricted": self.restricted,
            "restricted_to": [o.name for o in self.restricted_to.all()],
            "shared_at_meeting": self.agenda_item_id is not None,
            "text": self.text,
        }


@personal_data(root="case", path="case", order=30, section="assessments", related=("organisation",))
class DomainAssessment(models.Model):
    """A partner's assessment of one life domain: risk and protective factors, as text.

    Partners who see a person differently each write their own: nothing is averaged."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="domain_assessments")
    domain = models.CharField(_("life domain"), max_length=30, choices=LifeDomain.choices)
    risk_factors = EncryptedTextField(_("risk factors"), blank=True)
    protective_factors = EncryptedTextField(_("protective factors"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain", "-created_at"]
        verbose_name = _("assessment of a life domain")
        verbose_name_plural = _("assessments of life domains")

    def __str__(self) -> str:
        return f"{self.case} {self.domain}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "at": when(self.created_at),
            "organisation": organisation_name(self.organisation),
            "life_domain": self.get_domain_display(),
            "risk_factors": self.risk_factors,
            "protective_factors": self.protective_factors,
        }


@personal_data(
    root="case",
    path="case",
    order=30,
    section="attachments",
    files="storage_name",
    related=("organisation",),
)
class Attachment(models.Model):
    """A file on a case (e.g. an external assessment), encrypted on disk outside the web root
    and served only through the access policy."""

    class Kind(models.TextChoices):
        EXTERNAL_ASSESSMENT = "external_assessment", _("External assessment")
        REPORT = "report", _("Report or letter")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = EncryptedTextField(_("title"))
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    storage_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.case} attachment {self.pk}"

    def audit_label(self) -> str:
        return f"{self.case.reference} attachment {self.pk}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.get_kind_display(),
            "uploaded_at": when(self.uploaded_at),
            "organisation": organisation_name(self.organisation),
        }


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


@personal_data(root="case", path="case", order=30, section="legal_holds")
class LegalHold(models.Model):
    """A case (with its person, signal and attachments) that retention must leave alone.

    Set with a reason (a complaint, a court case, a request of the person), lifted with a
    reason; the row is kept while the case exists, so the history of holds stays visible."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="holds"
    )
    reason = EncryptedTextField(_("reason for the hold"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lift_reason = EncryptedTextField(_("reason for lifting"), blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_hold_per_case",
            )
        ]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        return f"hold {self.pk}"

    def audit_label(self) -> str:
        return f"{self.case.reference}: hold {self.pk}"

    def subject_data(self) -> dict[str, Any]:
        """That retention was paused, and when; the reason concerns the proceedings."""
        return {"set_at": when(self.set_at), "lifted_at": when(self.lifted_at)}
