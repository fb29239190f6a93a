"""Signals, weighings, cases and case-table meetings.

Personal data (names, observations, reasons, decisions) lives in encrypted columns. Access goes
through ``samen.casework.policy`` only: ``visible_to`` for lists, ``get_*_for`` for one object.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.capabilities import Capability
from samen.accounts.models import Organisation
from samen.casework.lifecycle import (
    ClosingReason,
    ConcernLevel,
    ConsentBy,
    Domain,
    Ideology,
    InterventionStatus,
    LifeDomain,
    Phase,
)
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
        if not user.organisation.covenant_signed:
            return self.none()
        # One filter() call: both conditions hold for the same participation row.
        return self.filter(
            participations__organisation_id=user.organisation_id,
            participations__removed_at__isnull=True,
        )

    def open(self) -> CaseQuerySet:
        return self.exclude(phase=Phase.CLOSED)


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
        MORE_INFO = "more_info", _("More information needed")
        ADMITTED = "admitted", _("Admitted to the case table")
        POLICE = "police", _("Handed to police and prosecutor (acute)")

    # Statuses in which the weighing team (still) has to weigh the signal.
    TO_WEIGH = (Status.NEW, Status.MORE_INFO)

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
    # Keyed hash of the normalised name and date of birth: finds signals that may concern the
    # same person without decrypting anything. Never used to merge signals.
    subject_index = models.CharField(max_length=64, blank=True, db_index=True)
    guidance_path = models.TextField(
        _("path through the decision tree"),
        blank=True,
        help_text=_("The questions and answers the reporter went through before reporting."),
    )

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return self.reference


class SignalAddition(models.Model):
    """Information added to a signal later: by the reporter with the receipt code, or intake."""

    class Source(models.TextChoices):
        REPORTER = "reporter", _("Reporter (with receipt code)")
        INTAKE = "intake", _("Reporting point")

    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="additions")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    text = EncryptedTextField(_("information"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["added_at"]
        verbose_name = _("addition to a signal")
        verbose_name_plural = _("additions to signals")

    def __str__(self) -> str:
        return f"{self.signal} +"


class WeighingCriterion(models.Model):
    """A criterion the weighing team weighs against, kept as data by the coordinator."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="weighing_criteria"
    )
    text = models.CharField(_("criterion"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("weighing criterion")
        verbose_name_plural = _("weighing criteria")

    def __str__(self) -> str:
        return self.text

    def audit_label(self) -> str:
        return self.text[:100]


class Weighing(models.Model):
    """A professional judgement about a signal, entered by a person. Appended, never edited."""

    class Outcome(models.TextChoices):
        NO_CONCERN = "no_concern", _("No concern: advice given, close")
        MORE_INFO = "more_info", _("More information needed: weigh again later")
        REFER_CARE = "refer_care", _("Other problems: refer to regular care")
        ADMIT = "admit", _("Possible radicalisation: admit to the case table")
        ACUTE = "acute", _("Acute: hand to police and prosecutor")

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.PROTECT, related_name="weighings"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons = EncryptedTextField(_("reasons"))
    advice = EncryptedTextField(_("advice given to the reporter"), blank=True)
    referred_to = models.ForeignKey(
        Organisation,
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    criteria_met = models.ManyToManyField(
        WeighingCriterion, verbose_name=_("criteria met"), blank=True, related_name="+"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("weighing team present"),
        blank=True,
        related_name="weighings_taken_part",
    )
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
    Weighing.Outcome.MORE_INFO: Signal.Status.MORE_INFO,
    Weighing.Outcome.REFER_CARE: Signal.Status.REFERRED,
    Weighing.Outcome.ADMIT: Signal.Status.ADMITTED,
    Weighing.Outcome.ACUTE: Signal.Status.POLICE,
}


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """A person is visible through a case the user may see; nothing else opens a person."""
        return self.filter(cases__in=Case.objects.visible_to(user).values("pk")).distinct()


class Person(models.Model):
    """The person a case is about, with aliases, contact details and related persons."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Unknown")

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = EncryptedTextField(_("name"))
    aliases = EncryptedTextField(_("aliases"), blank=True)
    birth_date = EncryptedTextField(_("date of birth"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    contact = EncryptedTextField(_("contact details"), blank=True)
    # Keyed hash of name and date of birth, for exact look-ups without decrypting.
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    name_only_index = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"person {self.pk}"

    def audit_label(self) -> str:
        return f"person {self.pk}"

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        born = date.fromisoformat(self.birth_date)
        today = timezone.localdate()
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def is_minor(self) -> bool:
        age = self.age
        return age is not None and age < 18


class PersonRelation(models.Model):
    class Kind(models.TextChoices):
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Brother or sister")
        PARTNER = "partner", _("Partner")
        FAMILY = "family", _("Other family")
        FRIEND = "friend", _("Friend")
        NETWORK = "network", _("Network (e.g. recruiter, group)")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relations")
    name = EncryptedTextField(_("name of the related person"))
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    note = EncryptedTextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("related person")
        verbose_name_plural = _("related persons")

    def __str__(self) -> str:
        return f"{self.person} {self.kind}"


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
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return self.reference


class ParticipationQuerySet(models.QuerySet["CaseParticipation"]):
    def current(self) -> ParticipationQuerySet:
        return self.filter(removed_at__isnull=True)


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
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.case} {self.from_phase}->{self.to_phase}"


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


class NoteQuerySet(models.QuerySet["CaseNote"]):
    def visible_to(self, user: Any) -> NoteQuerySet:
        """Notes of visible cases; a restricted note only for its own and chosen organisations."""
        org = getattr(user, "organisation_id", None)
        return (
            self.filter(case__in=Case.objects.visible_to(user).values("pk"))
            .filter(
                models.Q(restricted=False)
                | models.Q(organisation_id=org)
                | models.Q(restricted_to=org)
            )
            .distinct()
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
        AgendaItem,
        verbose_name=_("shared at the meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shared_information",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.case} note"


class Goal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="goals")
    text = EncryptedTextField(_("goal"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.case} goal"


class Intervention(models.Model):
    """One part of the person-oriented plan, with a responsible partner and consent."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interventions")
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    description = EncryptedTextField(_("description"))
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    outcome = EncryptedTextField(_("outcome"), blank=True)
    voluntary = models.BooleanField(_("voluntary"), default=True)
    consent_given = models.BooleanField(_("consent given"), null=True)
    consent_by = models.CharField(
        _("consent given by"), max_length=20, choices=ConsentBy.choices, blank=True
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = EncryptedTextField(_("consent given to"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return f"{self.case} {self.domain}"


class PlanApproval(models.Model):
    """A second person approved the plan as it stood at that moment."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plan_approvals")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("plan approval")
        verbose_name_plural = _("plan approvals")

    def __str__(self) -> str:
        return f"{self.case} plan approved"


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
