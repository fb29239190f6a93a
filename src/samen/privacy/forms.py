from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class HoldForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=20,
        help_text=_("For example C-2026-00003. Only cases of your municipality."),
    )
    reason = forms.CharField(
        label=_("Reason for the hold"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a complaint, a court case or a request of the person."),
    )


class LiftHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for lifting"), widget=forms.Textarea(attrs={"rows": 2})
    )
