"""Forms of the case table: meetings, attendance, agenda, decisions, actions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation, User
from samen.casework.models import (
    Case,
)
from samen.casework.queries.meetings import table_organisations
from samen.core.forms import KeptWidgetField, read_choices_once
from samen.core.widgets import LongCheckboxSelectMultiple, LongSelect


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    repeat = forms.IntegerField(
        label=_("Number of meetings in the series"),
        help_text=_("Plan a recurring schedule at once: 1 for a single meeting."),
        min_value=1,
        max_value=26,
        initial=1,
        required=False,
    )
    every_weeks = forms.IntegerField(
        label=_("Every … weeks"), min_value=1, max_value=26, initial=6, required=False
    )

    def clean_repeat(self) -> int:
        return self.cleaned_data.get("repeat") or 1

    def clean_every_weeks(self) -> int:
        return self.cleaned_data.get("every_weeks") or 6


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        # Everyone who may sit at the table: a list that grows with the partners.
        widget=LongCheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        cast(forms.ModelChoiceField, field).queryset = (
            User.objects.filter(
                is_active=True,
                is_client=False,
                organisation__in=table_organisations(municipality_id),
            )
            .select_related("organisation")
            .order_by("organisation__name", "full_name")
        )
        # Read once, in one query (not through a cursor for each pass over the choices).
        read_choices_once(field)


class AgendaForm(forms.Form):
    """A case for the agenda, by its reference: a list of every open case would grow with the
    municipality's caseload (thousands in a large city)."""

    case = forms.CharField(
        label=_("Case reference"),
        help_text=_("For example C-2026-00012. Only open cases your organisation takes part in."),
        max_length=20,
    )

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases

    def clean_case(self) -> Case:
        reference = self.cleaned_data["case"].strip().upper()
        case = self.cases.filter(reference=reference).first()
        if case is None:
            raise ValidationError(_("No open case with this reference that can go on this agenda."))
        return case


class AgendaItemForm(forms.Form):
    """One form per agenda item: what was shared, the decision and an action, together; each is
    optional, at least one is filled in, and an action needs its owner and due date."""

    # Widgets of these fields are the same for everyone while the form is empty (core.forms):
    # every agenda item's form, opened from its own address (decision 0021), reuses them.
    bound_field_class = KeptWidgetField
    static_html_fields = frozenset({"shared", "decision", "action", "due_date"})

    shared = forms.CharField(
        label=_("Information shared"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
    )
    decision = forms.CharField(
        label=_("Decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    action = forms.CharField(
        label=_("Action"),
        help_text=_("With an action, name the organisation that owns it and the due date."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=10000,
    )
    # The organisations at the table (a list that grows with the partners): written by the
    # long-list widget.
    owner = forms.TypedChoiceField(
        label=_("Owner organisation"), coerce=int, required=False, widget=LongSelect
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        """``organisations``: those at the table for the item's case, read once."""
        super().__init__(*args, **kwargs)
        self.organisations = {org.pk: org for org in organisations}
        cast(forms.TypedChoiceField, self.fields["owner"]).choices = [
            ("", "---------"),
            *((org.pk, org.name) for org in organisations),
        ]

    def clean_owner(self) -> Organisation | None:
        owner = self.cleaned_data.get("owner")
        return self.organisations[owner] if owner not in (None, "") else None

    def clean_due_date(self) -> Any:
        due = self.cleaned_data["due_date"]
        if due is not None and due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action"):
            if not cleaned.get("owner") and "owner" not in self.errors:
                self.add_error("owner", _("Name the organisation that owns the action."))
            if not cleaned.get("due_date") and "due_date" not in self.errors:
                self.add_error("due_date", _("Give the date the action is due."))
        elif not self.errors and not (cleaned.get("shared") or cleaned.get("decision")):
            raise ValidationError(
                _("Fill in the information shared, a decision or an action."), code="empty"
            )
        return cleaned
