"""Forms of a transfer of a case to another municipality."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework import policy
from samen.casework.models import Case
from samen.core.forms import KeptWidgetField, read_choices_once
from samen.core.widgets import LongRadioSelect, LongSelect


class TransferForm(forms.Form):
    # Widgets of these fields are the same for everyone while the form is empty (core.forms).
    bound_field_class = KeptWidgetField
    static_html_fields = frozenset({"reason"})
    to_municipality: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Municipality the case moves to"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=LongSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        help_text=_(
            "For example: the person moved. The receiving coordinator reads this before "
            "accepting; they see nothing else of the case until then."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = policy.municipalities_to_transfer_to(case).order_by("name")
        read_choices_once(field)


class DecideTransferForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept: the case moves to our municipality")),
            ("decline", _("Decline: the case stays where it is")),
        ],
        widget=LongRadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
