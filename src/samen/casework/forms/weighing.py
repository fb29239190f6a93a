"""Forms of weighing: the weighing itself and the team's criteria."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation, User
from samen.accounts.queries import users_with
from samen.casework.models import (
    Case,
    Weighing,
    WeighingCriterion,
)
from samen.casework.queries.meetings import table_organisations
from samen.core.forms import read_choices_once
from samen.core.multilingual import in_language
from samen.core.widgets import LongCheckboxSelectMultiple, LongRadioSelect, LongSelect


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.organisation.name})"


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(reference)s (%(phase)s, opened %(opened)s)") % {
            "reference": obj.reference,
            "phase": obj.get_phase_display(),
            "opened": date_format(obj.opened_at, "SHORT_DATE_FORMAT"),
        }


class CriterionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # In the reader's language; a Dutch text standing in for it is marked lang="nl".
        return in_language(obj.text)


class WeighingForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Weighing.Outcome.choices, widget=LongRadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        help_text=_(
            "Why the weighing team reached this outcome; this is a professional judgement."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    criteria_met = CriterionChoiceField(
        label=_("Criteria met"),
        help_text=_("The criteria of the weighing team that this signal meets."),
        queryset=WeighingCriterion.objects.none(),
        required=False,
        widget=LongCheckboxSelectMultiple,
    )
    advice = forms.CharField(
        label=_("Advice given to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    referred_to = forms.ModelChoiceField(
        label=_("Referred to"),
        help_text=_("Only when referring to regular care: the receiving organisation."),
        queryset=Organisation.objects.none(),
        required=False,
        widget=LongSelect,
    )
    referral_question = forms.CharField(
        label=_("What the receiving organisation is asked"),
        help_text=_(
            "Only when referring: the receiving organisation sees this, the reason below and "
            "whom it is about; never the reasons of the weighing team or the rest of the signal."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    referral_reason = forms.CharField(
        label=_("Why the person is referred"),
        help_text=_("Only when referring: what the receiving organisation needs to know."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Organisations taking part in the case"),
        help_text=_(
            "Only when admitting: the partners needed for this case. Only organisations that "
            "signed the covenant can take part. The municipality always takes part."
        ),
        queryset=Organisation.objects.none(),
        required=False,
        widget=LongCheckboxSelectMultiple,
    )
    review_on = forms.DateField(
        label=_("Look at this signal again on"),
        help_text=_("Only when not admitting: a date to weigh whether anything has changed."),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    team = UserChoiceField(
        label=_("Weighing team present"),
        help_text=_("Who took part in this weighing besides you."),
        queryset=User.objects.none(),
        required=False,
        widget=LongCheckboxSelectMultiple,
    )

    # The fields that belong to one outcome only: the page shows them when that outcome is
    # chosen (``data-shown-for`` on the field, CSS ``:has()``; every field shows without it),
    # and cleaning ignores them for the other outcomes.
    SHOWN_FOR = {
        "referred_to": Weighing.Outcome.REFER_CARE,
        "referral_question": Weighing.Outcome.REFER_CARE,
        "referral_reason": Weighing.Outcome.REFER_CARE,
        "participants": Weighing.Outcome.ADMIT,
        "open_case": Weighing.Outcome.JOIN_CASE,
    }

    open_case = CaseChoiceField(
        label=_("Open case of the same person"),
        help_text=_(
            "Only when adding to the open case: the case of the person with the same name and "
            "date of birth. Compare them yourself: nothing is merged automatically."
        ),
        queryset=None,  # the policy's candidates, set in __init__
        required=False,
        widget=LongRadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        municipality_id: int,
        open_cases: QuerySet[Case] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Each source is read once: the open cases (whether there are any, and the choices),
        # the partners (the choices of both "referred to" and "taking part").
        cases = list(open_cases) if open_cases is not None else []
        if not cases:
            del self.fields["open_case"]
        else:
            self.fields["open_case"].queryset = open_cases  # type: ignore[attr-defined]
            read_choices_once(self.fields["open_case"], cases)
        for name, outcome in self.SHOWN_FOR.items():
            if name in self.fields:
                self.fields[name].shown_for = str(outcome)  # type: ignore[attr-defined]
        partners = Organisation.objects.serving(municipality_id)
        partner_rows = list(partners)
        signed = partners.filter(covenant_signed=True)
        self.fields["participants"].queryset = signed  # type: ignore[attr-defined]
        read_choices_once(
            self.fields["participants"], [org for org in partner_rows if org.covenant_signed]
        )
        self.fields["referred_to"].queryset = partners  # type: ignore[attr-defined]
        read_choices_once(self.fields["referred_to"], partner_rows)
        cast(
            forms.ModelChoiceField, self.fields["criteria_met"]
        ).queryset = WeighingCriterion.objects.filter(municipality_id=municipality_id, active=True)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = users_with(
            "signal.weigh", table_organisations(municipality_id)
        )
        # One query each, not a cursor for each pass over the choices.
        read_choices_once(self.fields["criteria_met"])
        read_choices_once(self.fields["team"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outcome = cleaned.get("outcome")
        if outcome:
            for name, only_for in self.SHOWN_FOR.items():
                if outcome != only_for and name in self.fields:
                    self.errors.pop(name, None)
                    many = isinstance(self.fields[name], forms.ModelMultipleChoiceField)
                    text = isinstance(self.fields[name], forms.CharField)
                    cleaned[name] = Organisation.objects.none() if many else "" if text else None
        if outcome == Weighing.Outcome.ADMIT and not cleaned.get("participants"):
            self.add_error(
                "participants", _("Choose the organisations that take part in the case.")
            )
        if outcome == Weighing.Outcome.JOIN_CASE and not cleaned.get("open_case"):
            self.add_error(
                "outcome" if "open_case" not in self.fields else "open_case",
                _("Choose the open case of the same person."),
            )
        review_on = cleaned.get("review_on")
        if review_on is not None and review_on <= timezone.localdate():
            self.add_error("review_on", _("Choose a date in the future."))
        if outcome == Weighing.Outcome.REFER_CARE and not cleaned.get("referred_to"):
            self.add_error("referred_to", _("Name the organisation the signal is referred to."))
        if outcome == Weighing.Outcome.REFER_CARE and not cleaned.get("referral_question"):
            self.add_error(
                "referral_question", _("Say what the receiving organisation is asked to do.")
            )
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = WeighingCriterion
        fields = ["text_nl", "text_en", "text_fr", "position", "active"]
        widgets = {
            "text_nl": forms.TextInput(attrs={"lang": "nl"}),
            "text_en": forms.TextInput(attrs={"lang": "en"}),
            "text_fr": forms.TextInput(attrs={"lang": "fr"}),
        }


class DistrictForm(forms.Form):
    name = forms.CharField(label=_("District"), max_length=100)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    active = forms.BooleanField(
        label=_("In use"),
        required=False,
        initial=True,
        help_text=_("A district no longer in use stays on the signals and persons that name it."),
    )
