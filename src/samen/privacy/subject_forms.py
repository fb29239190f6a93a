"""Forms of the DPO's pages for requests of a person: search, rectification, erasure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.casework.models import Person

REASON_HELP = _(
    "The legal ground and the request it answers (e.g. 'Art. 16 request of 3 March, letter "
    "ref. 2026-14'). It is kept in the audit log: write no case content here."
)


class SubjectSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Without a date, only persons recorded without one are found."),
    )


class RectifyForm(forms.ModelForm):
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"), help_text=REASON_HELP, max_length=500, widget=forms.TextInput
    )

    class Meta:
        model = Person
        fields = ["name", "aliases", "birth_date", "district", "contact"]
        widgets = {
            "name": forms.TextInput,
            "aliases": forms.TextInput,
            "contact": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_birth_date(self) -> str:
        day = self.cleaned_data.get("birth_date")
        return day.isoformat() if day else ""


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), help_text=REASON_HELP, max_length=500, widget=forms.TextInput
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))
