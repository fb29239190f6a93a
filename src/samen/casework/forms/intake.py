"""Forms of the reporting point: the public, partner and intake forms, the follow-up."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.models import District, Signal
from samen.core.widgets import LongRadioSelect, LongSelect


def municipalities() -> Any:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)


class DistrictChoiceField(forms.ModelChoiceField):
    """A district from the municipality's list; with several municipalities, grouped by them."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


def district_field(label: Any = None) -> DistrictChoiceField:
    return DistrictChoiceField(
        label=label or _("District or neighbourhood"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Unknown or not in the list"),
        # The public form lists the districts of every municipality: hundreds nationally.
        widget=LongSelect,
    )


def districts_of(municipality_id: int | None) -> Any:
    return District.objects.filter(municipality_id=municipality_id, active=True)


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
    district = district_field()

    def __init__(self, *args: Any, municipality_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(DistrictChoiceField, self.fields["district"])
        field.queryset = districts_of(municipality_id)

    observation = forms.CharField(
        label=_("What did you notice?"),
        help_text=_("Describe what you saw or heard, when and where. Facts help most."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )


class PublicSignalForm(_SignalFields):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=LongSelect,
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

    def __init__(self, *args: Any, municipality_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, municipality_id=municipality_id, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities()
        # The chosen municipality's districts are offered; a district of any municipality is
        # read back, so that one of another municipality gets the message of clean() below.
        field = cast(DistrictChoiceField, self.fields["district"])
        offered = list(
            districts_of(municipality_id).order_by("position", "name").values_list("pk", "name")
        )
        field.queryset = District.objects.filter(active=True)
        field.choices = [("", field.empty_label), *offered]
        # With a script, choosing another municipality fetches its districts into the form.
        cast(forms.ModelChoiceField, self.fields["municipality"]).widget.attrs.update(
            {
                "hx-get": reverse_lazy("casework:public_report"),
                "hx-trigger": "change",
                "hx-target": "#id_district",
                "hx-select": "#id_district",
                "hx-swap": "outerHTML",
            }
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        district, municipality = cleaned.get("district"), cleaned.get("municipality")
        if (
            district is not None
            and municipality is not None
            and district.municipality_id != municipality.pk
        ):
            self.add_error("district", _("Choose a district of the municipality you chose."))
        if not cleaned.get("anonymous") and not cleaned.get("reporter_contact"):
            self.add_error(
                "reporter_contact",
                _("Give a phone number or e-mail address, or choose to report anonymously."),
            )
        return cleaned


class MunicipalityForm(forms.Form):
    """The public form's first step when the installation serves several municipalities: its
    districts follow from the municipality chosen here."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        help_text=_("The municipality where you live, or where you noticed it."),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose a municipality"),
        error_messages={
            "required": _("Choose a municipality."),
            "invalid_choice": _("Choose a municipality from the list."),
        },
        widget=LongSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities()


class PartnerSignalForm(_SignalFields):
    field_order = ["observation", "subject_name", "subject_birth_date", "district"]


class FollowUpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        help_text=_("The code you received when you sent your report, e.g. ABCD-EFGH-JKLM."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AdditionForm(forms.Form):
    text = forms.CharField(
        label=_("Additional information"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class RegisterSignalForm(_SignalFields):
    """A signal the reporting point takes in by phone or at a visit."""

    channel = forms.ChoiceField(
        label=_("How was it reported?"),
        choices=[
            (Signal.Channel.PHONE, Signal.Channel.PHONE.label),
            (Signal.Channel.VISIT, Signal.Channel.VISIT.label),
        ],
        widget=LongRadioSelect,
    )
    anonymous = forms.BooleanField(label=_("The reporter stays anonymous"), required=False)
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=200)
    reporter_contact = forms.CharField(
        label=_("Reporter's phone or e-mail"), required=False, max_length=200
    )
    field_order = [
        "channel",
        "observation",
        "subject_name",
        "subject_birth_date",
        "district",
        "anonymous",
        "reporter_name",
        "reporter_contact",
    ]
