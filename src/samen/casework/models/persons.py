"""Persons a case is about, and the people related to them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.core.fields import ERASED, EncryptedTextField
from samen.core.personal_data import REDACTED, organisation_name, personal_data, when


@personal_data(
    root="person",
    order=100,
    identity={
        "name": ERASED,
        "aliases": "",
        "birth_date": "",
        "contact": "",
        "district": None,
        "gender": "unknown",
        "name_index": "",
        "name_only_index": "",
    },
    related=("municipality", "district"),
)
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
    district = models.ForeignKey(
        "District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = EncryptedTextField(_("contact details"), blank=True)
    # Keyed hash of name and date of birth, for exact look-ups without decrypting.
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    name_only_index = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            # Retention's candidates: persons recorded before the term's bound
            # (``samen.privacy.retention.persons_due``).
            models.Index(fields=["created_at"], name="person_created_at"),
        ]

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

    def subject_data(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "controller": organisation_name(self.municipality),
            "name": self.name,
            "aliases": self.aliases,
            "birth_date": self.birth_date,
            "minor": self.is_minor,
            "gender": self.get_gender_display(),
            "district": self.district.name if self.district else "",
            "contact": self.contact,
            "recorded_since": when(self.created_at),
        }


@personal_data(
    root="person",
    path="person",
    order=10,
    section="related_persons",
    identity={"name": ERASED, "note": ""},
)
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

    def subject_data(self) -> dict[str, Any]:
        """Related persons are third persons: only the kind of relation is given."""
        return {
            "relation": self.get_kind_display(),
            "name": str(REDACTED),
            "added_at": when(self.added_at),
        }
