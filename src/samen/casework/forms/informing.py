"""The form for informing the person of a case, or postponing it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.casework.models import InformingDecision
from samen.core.widgets import LongRadioSelect


class InformingForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    decision = forms.ChoiceField(
        label=_("Decision"), choices=InformingDecision.Decision.choices, widget=LongRadioSelect
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    how = forms.CharField(
        label=_("How the person was informed"),
        help_text=_("Only when informed: by letter, in a conversation, through a guardian."),
        max_length=2000,
        required=False,
    )
    reason = forms.CharField(
        label=_("Why informing is postponed"),
        help_text=_("Only when postponed: what informing now would endanger."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )
    until = forms.DateField(
        label=_("Postponed until"),
        help_text=_("Only when postponed: the case managers are reminded after this date."),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        decision = cleaned.get("decision")
        if decision == InformingDecision.Decision.INFORMED and not cleaned.get("how"):
            self.add_error("how", _("Say how the person was informed."))
        if decision == InformingDecision.Decision.POSTPONED:
            if not cleaned.get("reason"):
                self.add_error("reason", _("Say why informing is postponed."))
            until, on = cleaned.get("until"), cleaned.get("on")
            if until is None:
                self.add_error("until", _("Say until when informing is postponed."))
            elif on is not None and until <= on:
                self.add_error("until", _("Choose a date after the date of the decision."))
        return cleaned
