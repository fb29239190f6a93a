"""Forms of the register of experts and providers, of an order, and of the expert's report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.capabilities import Capability
from samen.accounts.models import User
from samen.accounts.queries import accounts_with
from samen.casework import policy
from samen.casework.forms.cases import CheckedUploadForm
from samen.casework.models import Case, Expert, ExpertOrder
from samen.core.forms import KeptWidgetField, read_choices_once
from samen.core.widgets import LongSelect


class AccountChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.organisation.name})"


class ExpertForm(forms.Form):
    user = AccountChoiceField(
        label=_("Account"),
        queryset=User.objects.none(),
        widget=LongSelect,
        help_text=_(
            "The expert's or provider's own account in samen, with the role of an expert; the "
            "administrator makes it."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Expert.Kind.choices)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    specialism = forms.CharField(
        label=_("Specialism"),
        max_length=300,
        help_text=_("For example: assessment of jihadist radicalisation, exit programme."),
    )
    availability = forms.ChoiceField(label=_("Availability"), choices=Expert.Availability.choices)
    on_call = forms.CharField(
        label=_("On-call times"),
        max_length=300,
        required=False,
        help_text=_("For example: around the clock, or weekdays 8:00 to 18:00."),
    )
    active = forms.BooleanField(label=_("In the register"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = accounts_with(Capability.EXPERT_ORDERS)


class OrderForm(forms.Form):
    # Widgets of these fields are the same for everyone while the form is empty (core.forms).
    bound_field_class = KeptWidgetField
    static_html_fields = frozenset({"kind", "question", "summary", "due_on", "access_until"})
    expert = forms.ModelChoiceField(
        label=_("Expert or provider"),
        queryset=Expert.objects.none(),
        empty_label=None,
        widget=LongSelect,
    )
    kind = forms.ChoiceField(label=_("Kind of order"), choices=ExpertOrder.Kind.choices)
    question = forms.CharField(
        label=_("Question for the expert"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    summary = forms.CharField(
        label=_("Summary of the case for the expert"),
        help_text=_(
            "The expert sees only this summary and the question, never the case. Share only what "
            "the order needs."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        required=False,
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    access_until = forms.DateField(
        label=_("Access until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expert"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = policy.experts_for_case(case)
        read_choices_once(field)
        self.fields["access_until"].help_text = _(
            "The last day the expert can open the order. Empty: %(days)s days after the due "
            "date (SAMEN_EXPERT_ACCESS_DAYS)."
        ) % {"days": settings.EXPERT_ACCESS_DAYS}

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        due_on, until = cleaned.get("due_on"), cleaned.get("access_until")
        if due_on and until and until < due_on:
            self.add_error("access_until", _("Access must last at least until the due date."))
        return cleaned


class ReportForm(CheckedUploadForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("Report"),
        help_text=_("PDF, Word, OpenDocument, PNG, JPEG or plain text; at most 10 MB."),
    )
