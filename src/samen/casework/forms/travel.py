"""The travel status form of the case page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.casework.models import Prevention, TravelState


class TravelStatusForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    state = forms.ChoiceField(label=_("Travel status"), choices=TravelState.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    prevention = forms.ChoiceField(
        label=_("How travel was prevented"),
        help_text=_('Only for "travel prevented".'),
        choices=Prevention.choices,
        required=False,
    )
    source = forms.CharField(
        label=_("Source"),
        help_text=_("Who or what says so: a partner, a document, the person's family."),
        max_length=500,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("state") == TravelState.PREVENTED and not cleaned.get("prevention"):
            self.add_error("prevention", _("Say how travel was prevented."))
        return cleaned
