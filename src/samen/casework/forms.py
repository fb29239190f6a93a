from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation, User
from samen.casework.models import Case, Weighing


def municipalities() -> Any:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)


class _SignalFields(forms.Form):
    subject_name = forms.CharField(
        label=_("Name of the person you are worried about (if known)"),
        required=False,
        max_length=200,
    )
    subject_birth_date = forms.DateField(
        label=_("Date of birth (if known)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    district = forms.CharField(label=_("District or neighbourhood"), required=False, max_length=100)
    observation = forms.CharField(
        label=_("What did you notice?"),
        help_text=_("Describe what you saw or heard, when and where. Facts help most."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )


class PublicSignalForm(_SignalFields):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.none(), empty_label=None
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        help_text=_("We will not ask who you are. We then cannot contact you for advice."),
        required=False,
    )
    reporter_name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    reporter_contact = forms.CharField(
        label=_("Your phone number or e-mail address"), required=False, max_length=200
    )
    field_order = [
        "municipality",
        "observation",
        "subject_name",
        "subject_birth_date",
        "district",
        "anonymous",
        "reporter_name",
        "reporter_contact",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("anonymous") and not cleaned.get("reporter_contact"):
            self.add_error(
                "reporter_contact",
                _("Give a phone number or e-mail address, or choose to report anonymously."),
            )
        return cleaned


class PartnerSignalForm(_SignalFields):
    field_order = ["observation", "subject_name", "subject_birth_date", "district"]


class WeighingForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Weighing.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        help_text=_(
            "Why the weighing team reached this outcome; this is a professional judgement."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Organisations taking part in the case"),
        help_text=_(
            "Only when admitting: the partners needed for this case. Only organisations that "
            "signed the covenant can take part. The municipality always takes part."
        ),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["participants"]
        ).queryset = Organisation.objects.filter(
            municipality_id=municipality_id, covenant_signed=True
        ).exclude(pk=municipality_id)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == Weighing.Outcome.ADMIT and not cleaned.get("participants"):
            self.add_error(
                "participants", _("Choose the organisations that take part in the case.")
            )
        return cleaned


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["present"]).queryset = (
            User.objects.filter(
                is_active=True, organisation__in=table_organisations(municipality_id)
            )
            .select_related("organisation")
            .order_by("organisation__name", "full_name")
        )


def table_organisations(municipality_id: int) -> Any:
    """The municipality and its partners that signed the covenant: who may sit at the table."""
    return Organisation.objects.filter(
        Q(pk=municipality_id) | Q(municipality_id=municipality_id, covenant_signed=True)
    )


class AgendaForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none())

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["case"]).queryset = cases


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), max_length=10000
    )
    owner = forms.TypedChoiceField(label=_("Owner organisation"), coerce=int)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        """``organisations`` is a list read once per page: every agenda item reuses it."""
        super().__init__(*args, **kwargs)
        self.organisations = {org.pk: org for org in organisations}
        cast(forms.TypedChoiceField, self.fields["owner"]).choices = [
            ("", "---------"),
            *((org.pk, org.name) for org in organisations),
        ]

    def clean_owner(self) -> Organisation:
        return self.organisations[self.cleaned_data["owner"]]

    def clean_due_date(self) -> Any:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due
