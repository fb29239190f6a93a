"""The form of the warm hand-over at closure."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.models import Case
from samen.core.forms import KeptWidgetField, read_choices_once
from samen.core.widgets import LongSelect


class HandOverForm(forms.Form):
    # Widgets of these fields are the same for everyone while the form is empty (core.forms).
    bound_field_class = KeptWidgetField
    static_html_fields = frozenset({"what", "contact", "on"})
    organisation = forms.ModelChoiceField(
        label=_("Organisation taking over"), queryset=Organisation.objects.none(), widget=LongSelect
    )
    what = forms.CharField(
        label=_("What it takes over"),
        help_text=_("For example: counselling, school attendance, housing, aftercare."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    contact = forms.CharField(
        label=_("Contact person"),
        help_text=_("Whom to contact there: name, phone or e-mail."),
        max_length=500,
        required=False,
    )
    on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self,
        *args: Any,
        case: Case,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = Organisation.objects.serving(case.municipality_id)
        # One plain query when rendered (no server-side cursor on PostgreSQL).
        read_choices_once(field)
