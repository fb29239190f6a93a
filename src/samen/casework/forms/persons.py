"""Forms about persons: the exact search, their details, related persons."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.casework.models import (
    Person,
    PersonRelation,
)


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PersonForm(forms.ModelForm):
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Person
        fields = ["name", "aliases", "birth_date", "gender", "district", "contact"]
        widgets = {
            "name": forms.TextInput,
            "aliases": forms.TextInput,
            "contact": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_birth_date(self) -> str:
        day = self.cleaned_data.get("birth_date")
        return day.isoformat() if day else ""


class RelationForm(forms.Form):
    name = forms.CharField(label=_("Name of the related person"), max_length=200)
    kind = forms.ChoiceField(label=_("Relation"), choices=PersonRelation.Kind.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
