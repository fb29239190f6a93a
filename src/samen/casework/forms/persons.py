"""Forms about persons: the exact search, their details, related persons."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.casework.actions.persons import PERSON_FIELDS
from samen.casework.forms.intake import district_field, districts_of
from samen.casework.models import Person, PersonRelation


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PersonForm(forms.Form):
    """The person's details. A plain form: the values go to the one write path for a person
    (``actions.persons.update_person``), which sees what changed."""

    name = forms.CharField(label=_("Name"), max_length=200)
    aliases = forms.CharField(label=_("Aliases"), max_length=500, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Person.Gender.choices)
    district = district_field(_("District"))
    contact = forms.CharField(
        label=_("Contact details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, municipality_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["district"])
        field.queryset = districts_of(municipality_id)

    @classmethod
    def initial_of(cls, person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["district"] = person.district_id
        return initial

    def clean_birth_date(self) -> str:
        day = self.cleaned_data.get("birth_date")
        return day.isoformat() if day else ""


class RelationForm(forms.Form):
    name = forms.CharField(label=_("Name of the related person"), max_length=200)
    kind = forms.ChoiceField(label=_("Relation"), choices=PersonRelation.Kind.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
