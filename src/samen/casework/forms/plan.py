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


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class InterventionForm(forms.ModelForm):
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

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taking_part = case.participations.current().values("organisation_id")
        cast(
            forms.ModelChoiceField, self.fields["responsible"]
        ).queryset = Organisation.objects.filter(pk__in=taking_part).order_by("name")

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
    note = ReasonField(label=_("Note"), required=False)
