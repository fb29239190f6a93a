"""Forms of the person-oriented plan: goals, interventions, approval."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.forms.cases import ReasonField
from samen.casework.models import (
    Case,
    Intervention,
)
from samen.core.forms import KeptWidgetField, read_choices_once


class GoalForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    text = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class InterventionForm(forms.ModelForm):
    # Widgets of these fields are the same for everyone while the form is empty (core.forms).
    bound_field_class = KeptWidgetField

    class Meta:
        model = Intervention
        fields = [
            "domain",
            "description",
            "responsible",
            "starts_on",
            "planned_end",
            "status",
            "outcome",
            "voluntary",
            "consent_given",
            "consent_by",
            "consent_on",
            "consent_scope",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "consent_scope": forms.Textarea(attrs={"rows": 2}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "planned_end": forms.DateInput(attrs={"type": "date"}),
            "consent_on": forms.DateInput(attrs={"type": "date"}),
            "consent_given": forms.NullBooleanSelect,
        }

    # Every field but the organisations taking part in the case, to choose from.
    static_html_fields = frozenset(Meta.fields) - {"responsible"}

    def __init__(
        self,
        *args: Any,
        case: Case,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        cast(forms.ModelChoiceField, field).queryset = Organisation.objects.filter(
            pk__in=case.participations.current().values("organisation_id")
        ).order_by("name")
        # One plain query when rendered (no server-side cursor on PostgreSQL).
        read_choices_once(field)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end lies before the start."))
        if cleaned.get("voluntary") and cleaned.get("consent_given"):
            for name in ("consent_by", "consent_on", "consent_scope"):
                if not cleaned.get(name):
                    self.add_error(name, _("Record who consented, when and to what."))
        return cleaned


class ApprovePlanForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    note = ReasonField(label=_("Note"), required=False)
