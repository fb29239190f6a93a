"""Forms of the DPO's pages for requests of a person: search, rectification, erasure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.casework.forms.persons import PersonForm

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
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_(
            "Optional: finds the prevention programme's records (contact persons, key figures, "
            "training participants) with this address too."
        ),
    )


class RectifyForm(PersonForm):
    """The person's details as the person asks to correct them, with the legal reason."""

    reason = forms.CharField(
        label=_("Reason"), help_text=REASON_HELP, max_length=500, widget=forms.TextInput
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), help_text=REASON_HELP, max_length=500, widget=forms.TextInput
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))
