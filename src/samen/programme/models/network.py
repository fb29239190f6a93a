"""The network: contact persons of partner organisations, key figures from communities and
district networks with their meetings.

Contact persons and key figures are personal data: their details are encrypted, they are
registered in the registry of personal data (each its own root, removed at its own term by
retention), found by exact name or e-mail through the blind index for a request of the person,
and reached only through ``samen.casework.policy``. Nothing here opens casework: a worry raised
at a district meeting goes to the reporting point as a signal, never into the meeting's record.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.core.fields import ERASED, EncryptedTextField
from samen.core.personal_data import exempt, organisation_name, personal_data, when


class Sector(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    POLICE_JUSTICE = "police_justice", _("Police and justice")
    CARE = "care", _("Care and welfare")
    YOUTH = "youth", _("Youth work")
    EDUCATION = "education", _("Education")
    COMMUNITY = "community", _("Community and faith organisations")
    OTHER = "other", _("Other")


SECTOR_OF_KIND = {
    Organisation.Kind.MUNICIPALITY: Sector.MUNICIPALITY,
    Organisation.Kind.POLICE: Sector.POLICE_JUSTICE,
    Organisation.Kind.PROSECUTOR: Sector.POLICE_JUSTICE,
    Organisation.Kind.PROBATION: Sector.POLICE_JUSTICE,
    Organisation.Kind.CHILD_PROTECTION: Sector.CARE,
    Organisation.Kind.YOUTH_CARE: Sector.CARE,
    Organisation.Kind.MENTAL_HEALTH: Sector.CARE,
    Organisation.Kind.NEIGHBOURHOOD_TEAM: Sector.CARE,
    Organisation.Kind.SAFETY_HOUSE: Sector.POLICE_JUSTICE,
    Organisation.Kind.SCHOOL: Sector.EDUCATION,
    Organisation.Kind.COMMUNITY: Sector.COMMUNITY,
}


def sector_of(organisation: Organisation | None) -> str:
    if organisation is None:
        return Sector.OTHER
    return str(SECTOR_OF_KIND.get(organisation.kind, Sector.OTHER))  # type: ignore[call-overload]


# The columns that identify the person, and what erasing writes into them.
_IDENTITY = {"name": ERASED, "name_index": "", "email_index": ""}


@personal_data(
    root="contact_person",
    order=100,
    identity=_IDENTITY,
    related=("organisation", "municipality"),
    prefetch=("district_networks", "meetings_attended"),
)
class ContactPerson(models.Model):
    """A contact person of a partner organisation in the local network."""

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = EncryptedTextField(_("name"))
    function = EncryptedTextField(_("function"), blank=True)
    email = EncryptedTextField(_("e-mail address"), blank=True)
    phone = EncryptedTextField(_("telephone"), blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    designated_officer = models.BooleanField(
        _("designated officer"),
        default=False,
        help_text=_(
            "The professional the organisation designated to carry the radicalisation "
            "dossier (taakaccenthouder)."
        ),
    )
    left_on = models.DateField(
        _("left the network on"),
        null=True,
        blank=True,
        help_text=_("From this date the retention term runs; then the details are removed."),
    )
    # Keyed hashes for exact look-ups (a request of the person, who is trained).
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    email_index = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"contact person {self.pk}"

    def audit_label(self) -> str:
        return f"contact person {self.pk}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "controller": organisation_name(self.municipality),
            "name": self.name,
            "organisation": organisation_name(self.organisation),
            "function": self.function,
            "email": self.email,
            "phone": self.phone,
            "district": self.district,
            "designated_officer": self.designated_officer,
            "recorded_since": when(self.created_at),
            "left_on": when(self.left_on),
            "district_networks": [n.name for n in self.district_networks.all()],
            "meetings_attended": [when(m.held_on) for m in self.meetings_attended.all()],
        }


@personal_data(
    root="key_figure",
    order=100,
    identity=_IDENTITY,
    related=("municipality",),
    prefetch=("district_networks", "meetings_attended"),
)
class KeyFigure(models.Model):
    """A trusted person from a community who notices and helps early; not a professional.

    Kept only with their consent: the date and what it covers are recorded, and their own
    retention term (``retain_until``). Withdrawing consent removes them at once."""

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = EncryptedTextField(_("name"))
    community = EncryptedTextField(
        _("community"),
        blank=True,
        help_text=_("The community, neighbourhood or group they are connected with."),
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    email = EncryptedTextField(_("e-mail address"), blank=True)
    phone = EncryptedTextField(_("telephone"), blank=True)
    consent_given_on = models.DateField(_("consent given on"))
    consent_scope = EncryptedTextField(
        _("consent given to"),
        help_text=_("What they agreed to: being in the network, being contacted, invitations."),
    )
    retain_until = models.DateField(
        _("kept until"),
        help_text=_("Their own retention term, agreed with them; then retention removes them."),
    )
    note = EncryptedTextField(_("note"), blank=True)
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    email_index = models.CharField(max_length=64, blank=True, db_index=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self) -> str:
        return f"key figure {self.pk}"

    def audit_label(self) -> str:
        return f"key figure {self.pk}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "controller": organisation_name(self.municipality),
            "name": self.name,
            "community": self.community,
            "district": self.district,
            "email": self.email,
            "phone": self.phone,
            "consent_given_on": when(self.consent_given_on),
            "consent_to": self.consent_scope,
            "retain_until": when(self.retain_until),
            "note": self.note,
            "recorded_since": when(self.created_at),
            "district_networks": [n.name for n in self.district_networks.all()],
            "meetings_attended": [when(m.held_on) for m in self.meetings_attended.all()],
        }


class DistrictNetwork(models.Model):
    """A district network of partners and key figures ("bondgenotenoverleg")."""

    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    district = models.CharField(_("district"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    contact_members = models.ManyToManyField(
        ContactPerson,
        verbose_name=_("contact persons"),
        blank=True,
        related_name="district_networks",
    )
    key_figure_members = models.ManyToManyField(
        KeyFigure, verbose_name=_("key figures"), blank=True, related_name="district_networks"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district network")
        verbose_name_plural = _("district networks")

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"district network {self.pk} {self.name[:60]}"


class DistrictMeeting(models.Model):
    """A meeting of a district network: date, who attended and the topics discussed.

    The topics describe the district, never a person: a worry about a person raised at the
    meeting is reported to the reporting point (a signal); only the number of such reports is
    kept here."""

    network = models.ForeignKey(DistrictNetwork, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date"))
    topics = models.TextField(
        _("topics"),
        help_text=_(
            "What was discussed about the district. No names or descriptions of persons: a "
            "worry about someone goes to the reporting point as a signal."
        ),
    )
    contacts_present = models.ManyToManyField(
        ContactPerson,
        verbose_name=_("contact persons present"),
        blank=True,
        related_name="meetings_attended",
    )
    key_figures_present = models.ManyToManyField(
        KeyFigure,
        verbose_name=_("key figures present"),
        blank=True,
        related_name="meetings_attended",
    )
    others_present = models.PositiveIntegerField(_("others present"), default=0)
    signals_reported = models.PositiveIntegerField(
        _("worries reported to the reporting point"), default=0
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("district meeting")
        verbose_name_plural = _("district meetings")

    def __str__(self) -> str:
        return f"{self.network} {self.held_on}"

    def audit_label(self) -> str:
        return f"district meeting {self.pk} {self.held_on}"

    @property
    def attendance(self) -> int:
        """Everyone present (reads the prefetched lists of who was present)."""
        return (
            len(self.contacts_present.all())
            + len(self.key_figures_present.all())
            + self.others_present
        )


exempt(
    "programme.districtnetwork",
    "a district network holds no personal data of its own: its members are many-to-many links "
    "that go with the contact person or key figure",
)
exempt(
    "programme.districtmeeting",
    "a district meeting records the district's topics and counts; who was present are "
    "many-to-many links that go with the contact person or key figure",
)
