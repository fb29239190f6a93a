"""The reporting point: signals and the information added to them later."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import REDACTED, organisation_name, personal_data, when

# The statuses in which the weighing team (still) has to weigh a signal (Signal.TO_WEIGH).
_TO_WEIGH = ("new", "more_info")
_NOT_WAITING = datetime(1970, 1, 1, tzinfo=UTC)


def urgency_keys() -> tuple[Case, Case]:
    """The first two keys of the lists' urgency order (queries.intake.by_urgency): 0 for a
    signal waiting to be weighed, 1 for the others; and since when it waits (one early moment
    for the others, so that no key is NULL). The index ``signal_urgency`` is built on the same
    expressions, so that PostgreSQL reads a page of the order from the index."""
    waiting = Q(status__in=_TO_WEIGH)
    weighed = Case(When(waiting, then=Value(0)), default=Value(1))
    waiting_since = Case(
        When(waiting, then=F("received_at")),
        default=Value(_NOT_WAITING, output_field=DateTimeField()),
        output_field=DateTimeField(),
    )
    return weighed, waiting_since


@personal_data(
    root="signal",
    order=100,
    identity={
        "subject_name": "",
        "subject_birth_date": "",
        "subject_index": "",
        "district": None,
    },
    related=("municipality", "reporting_organisation", "district"),
)
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
    assert TO_WEIGH == _TO_WEIGH

    # Unique by a constraint in Meta, and the other keys by indexes there: ``unique`` or
    # ``db_index`` on a text column gives PostgreSQL a second index for LIKE as well, which no
    # lookup uses and every signal written pays for (docs/decisions/0026).
    reference = models.CharField(_("reference"), max_length=20)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving municipality"),
        on_delete=models.PROTECT,
        related_name="signals",
        limit_choices_to={"kind": "municipality"},
        # Every index of the signals below starts with the municipality.
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
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
    district = models.ForeignKey(
        "District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    observation = EncryptedTextField(_("what was observed"))
    receipt_code_hash = models.CharField(max_length=64)
    # Keyed hash of the normalised name and date of birth: finds signals that may concern the
    # same person without decrypting anything. Never used to merge signals.
    subject_index = models.CharField(max_length=64, blank=True)
    guidance_path = models.TextField(
        _("path through the decision tree"),
        blank=True,
        help_text=_("The questions and answers the reporter went through before reporting."),
    )
    # The language the reporter read the tree in (the path is kept as they saw it); blank for
    # paths kept before the trees had more than one language, which are Dutch.
    guidance_language = models.CharField(max_length=2, blank=True, default="", editable=False)
    # When it was last weighed, and the latest date any weighing set to look at it again: kept
    # by the database from the signal's weighings (triggers, migration 0027), never written
    # here. Retention finds the signals past their term from an index on these instead of
    # reading every weighing of every signal that was not admitted (docs/decisions/0018).
    last_weighed_at = models.DateTimeField(null=True, editable=False)
    latest_review_on = models.DateField(null=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="signal_reference_unique"),
            models.UniqueConstraint(fields=["receipt_code_hash"], name="signal_receipt_unique"),
        ]
        indexes = [
            # Signals by status across municipalities (retention) and the signals that may
            # concern the same person (by their blind index).
            models.Index(fields=["status"], name="signal_status"),
            models.Index(fields=["subject_index"], name="signal_subject_index"),
            # The lists of a municipality's signals, newest first (API) or by urgency (pages),
            # sought by time received (keyset pagination, ``samen.core.pagination``); with the
            # status last, the counts of a year's signals by status (the analyst's statistics,
            # the yearly account) read the index alone.
            models.Index(
                fields=["municipality", "received_at", "id", "status"],
                name="signal_muni_received",
            ),
            # Retention: a municipality's signals by their last weighing (``signals_due``),
            # with what the rule tests and lists, read from the index alone. Key columns, not
            # INCLUDE: SQLite has no INCLUDE (Django leaves it out there), and without them
            # SQLite read every due signal's row, past its encrypted texts (the preview's
            # statement at national size 22.6 -> 7.1 ms; PostgreSQL the same either way).
            models.Index(
                fields=[
                    "municipality",
                    "last_weighed_at",
                    "id",
                    "status",
                    "latest_review_on",
                    "reference",
                ],
                name="signal_muni_weighed_due",
            ),
            # The start page's counts of signals waiting to be weighed, and overdue (one index
            # range, read from the index alone).
            models.Index(
                fields=["municipality", "status", "received_at"], name="signal_muni_status"
            ),
            # The signal lists by urgency (the waiting first, longest waiting on top, then the
            # newest): a page is one index range instead of a sort of all the municipality's
            # signals. SQLite matches no bound parameter to an expression index: the query
            # writes these expressions' literals there (queries.intake.by_urgency).
            models.Index(
                F("municipality"),
                *urgency_keys(),
                F("received_at").desc(),
                F("id").desc(),
                name="signal_urgency",
            ),
        ]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.reference

    # Fields the database keeps (triggers): a save of a signal read earlier must not write back
    # the values it read, which a weighing since may have changed.
    KEPT_BY_DATABASE = ("last_weighed_at", "latest_review_on")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
            and not args
        ):
            # What Django's save writes (the loaded fields, as for a deferred load) but these.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.attname not in deferred
                and field.name not in self.KEPT_BY_DATABASE
            ]
        super().save(*args, **kwargs)

    def audit_label(self) -> str:
        return self.reference

    def subject_data(self) -> dict[str, Any]:
        """The signal in a subject-access export: the reporter's identity is a third person's
        and is left out (only the organisation of a professional reporter is named)."""
        if self.anonymous:
            reporter = str(_("anonymous"))
        else:
            reporter = organisation_name(self.reporting_organisation) or str(REDACTED)
        return {
            "reference": self.reference,
            "received_at": when(self.received_at),
            "receiving_municipality": organisation_name(self.municipality),
            "channel": self.get_channel_display(),
            "status": self.get_status_display(),
            "subject_name": self.subject_name,
            "subject_birth_date": self.subject_birth_date,
            "district": self.district.name if self.district else "",
            "observation": self.observation,
            "reporter": reporter,
        }


@personal_data(root="signal", path="signal", order=10, section="additions")
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

    def subject_data(self) -> dict[str, Any]:
        return {
            "added_at": when(self.added_at),
            "source": self.get_source_display(),
            "text": self.text,
        }
