"""Travel status: intention to travel to a conflict zone, prevented, left, there, detained,
returned, deceased; each with a date and its source, history kept."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.casework.models.cases import Case
from samen.core.fields import EncryptedTextField
from samen.core.personal_data import personal_data, when


class TravelState(models.TextChoices):
    INTENTION = "intention", _("Intention to travel")
    PREVENTED = "prevented", _("Travel prevented")
    LEFT = "left", _("Left")
    IN_ZONE = "in_zone", _("In the conflict zone")
    DETAINED = "detained", _("Detained abroad")
    RETURNED = "returned", _("Returned")
    DECEASED = "deceased", _("Deceased")


class Prevention(models.TextChoices):
    NONE = "", _("not applicable")
    PASSPORT = "passport", _("Passport withdrawn or not issued")
    TRAVEL_BAN = "travel_ban", _("Travel ban or other administrative measure")
    STOPPED = "stopped", _("Stopped at the border or airport")
    FAMILY = "family", _("Family or community intervened")
    OTHER = "other", _("Otherwise")


@personal_data(root="case", path="case", order=30, section="travel")
class TravelStatus(models.Model):
    """One entry of the person's travel history in a case, recorded by a person with its date
    and source; the newest is the current status. Appended, never edited."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="travel"
    )
    state = models.CharField(_("travel status"), max_length=20, choices=TravelState.choices)
    prevention = models.CharField(
        _("how travel was prevented"),
        max_length=20,
        choices=Prevention.choices,
        blank=True,
        default="",
    )
    on = models.DateField(_("date"))
    source = EncryptedTextField(_("source"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("travel status")
        verbose_name_plural = _("travel statuses")

    def __str__(self) -> str:
        return f"{self.case} {self.state} {self.on}"

    def subject_data(self) -> dict[str, Any]:
        return {
            "on": when(self.on),
            "travel_status": self.get_state_display(),
            "prevention": self.get_prevention_display() if self.prevention else "",
            "source": self.source,
            "note": self.note,
        }
