"""Forms of referrals: the receiving organisation's decision and the feedback to the reporter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.core.widgets import LongRadioSelect


class ReferralDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the referral")), ("decline", _("Decline the referral"))],
        widget=LongRadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_(
            "Why your organisation accepts or declines; the municipality that referred sees it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )


class FeedbackForm(forms.Form):
    advice = forms.CharField(
        label=_("Advice to the reporter"),
        help_text=_(
            "The reporter reads that the signal was handled, and this advice, with the receipt "
            "code. Write nothing the reporter may not know: not whether a case was opened, nor "
            "to whom the person was referred."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
