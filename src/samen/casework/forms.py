from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation, Role, User
from samen.casework import attachments
from samen.casework.lifecycle import (
    MOVES,
    REOPEN_TO,
    ClosingReason,
    ConcernLevel,
    Ideology,
    LifeDomain,
    Phase,
)
from samen.casework.models import (
    Attachment,
    Case,
    GuidanceAnswer,
    GuidanceNode,
    GuidanceTree,
    Intervention,
    Person,
    PersonRelation,
    Signal,
    Weighing,
    WeighingCriterion,
)


def municipalities() -> Any:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)


class _SignalFields(forms.Form):
    subject_name = forms.CharField(
        label=_("Name of the person you are worried about (if known)"),
        required=False,
        max_length=200,
    )
    subject_birth_date = forms.DateField(
        label=_("Date of birth (if known)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    district = forms.CharField(label=_("District or neighbourhood"), required=False, max_length=100)
    observation = forms.CharField(
        label=_("What did you notice?"),
        help_text=_("Describe what you saw or heard, when and where. Facts help most."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )


class PublicSignalForm(_SignalFields):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.none(), empty_label=None
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        help_text=_("We will not ask who you are. We then cannot contact you for advice."),
        required=False,
    )
    reporter_name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    reporter_contact = forms.CharField(
        label=_("Your phone number or e-mail address"), required=False, max_length=200
    )
    field_order = [
        "municipality",
        "observation",
        "subject_name",
        "subject_birth_date",
        "district",
        "anonymous",
        "reporter_name",
        "reporter_contact",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("anonymous") and not cleaned.get("reporter_contact"):
            self.add_error(
                "reporter_contact",
                _("Give a phone number or e-mail address, or choose to report anonymously."),
            )
        return cleaned


class PartnerSignalForm(_SignalFields):
    field_order = ["observation", "subject_name", "subject_birth_date", "district"]


def users_with(capability: str, organisations: Any) -> Any:
    """Active users of these organisations whose roles grant the capability."""
    role_ids = [role.pk for role in Role.objects.all() if capability in role.capabilities]
    return (
        User.objects.filter(is_active=True, roles__in=role_ids, organisation__in=organisations)
        .distinct()
        .select_related("organisation")
        .order_by("full_name")
    )


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.organisation.name})"


class WeighingForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Weighing.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        help_text=_(
            "Why the weighing team reached this outcome; this is a professional judgement."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    criteria_met = forms.ModelMultipleChoiceField(
        label=_("Criteria met"),
        help_text=_("The criteria of the weighing team that this signal meets."),
        queryset=WeighingCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Organisations taking part in the case"),
        help_text=_(
            "Only when admitting: the partners needed for this case. Only organisations that "
            "signed the covenant can take part. The municipality always takes part."
        ),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    team = UserChoiceField(
        label=_("Weighing team present"),
        help_text=_("Who took part in this weighing besides you."),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = Organisation.objects.filter(municipality_id=municipality_id)
        cast(forms.ModelChoiceField, self.fields["participants"]).queryset = partners.filter(
            covenant_signed=True
        )
        cast(forms.ModelChoiceField, self.fields["referred_to"]).queryset = partners
        cast(
            forms.ModelChoiceField, self.fields["criteria_met"]
        ).queryset = WeighingCriterion.objects.filter(municipality_id=municipality_id, active=True)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = users_with(
            "signal.weigh", table_organisations(municipality_id)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outcome = cleaned.get("outcome")
        if outcome == Weighing.Outcome.ADMIT and not cleaned.get("participants"):
            self.add_error(
                "participants", _("Choose the organisations that take part in the case.")
            )
        if outcome == Weighing.Outcome.REFER_CARE and not cleaned.get("referred_to"):
            self.add_error("referred_to", _("Name the organisation the signal is referred to."))
        return cleaned


class FollowUpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        help_text=_("The code you received when you sent your report, e.g. ABCD-EFGH-JKLM."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AdditionForm(forms.Form):
    text = forms.CharField(
        label=_("Additional information"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class RegisterSignalForm(_SignalFields):
    """A signal the reporting point takes in by phone or at a visit."""

    channel = forms.ChoiceField(
        label=_("How was it reported?"),
        choices=[
            (Signal.Channel.PHONE, Signal.Channel.PHONE.label),
            (Signal.Channel.VISIT, Signal.Channel.VISIT.label),
        ],
        widget=forms.RadioSelect,
    )
    anonymous = forms.BooleanField(label=_("The reporter stays anonymous"), required=False)
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=200)
    reporter_contact = forms.CharField(
        label=_("Reporter's phone or e-mail"), required=False, max_length=200
    )
    field_order = [
        "channel",
        "observation",
        "subject_name",
        "subject_birth_date",
        "district",
        "anonymous",
        "reporter_name",
        "reporter_contact",
    ]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = WeighingCriterion
        fields = ["text", "position", "active"]


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
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["present"]).queryset = (
            User.objects.filter(
                is_active=True, organisation__in=table_organisations(municipality_id)
            )
            .select_related("organisation")
            .order_by("organisation__name", "full_name")
        )


def table_organisations(municipality_id: int) -> Any:
    """The municipality and its partners that signed the covenant: who may sit at the table."""
    return Organisation.objects.filter(
        Q(pk=municipality_id) | Q(municipality_id=municipality_id, covenant_signed=True)
    )


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


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class SharedInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Information shared"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), max_length=10000
    )
    owner = forms.TypedChoiceField(label=_("Owner organisation"), coerce=int)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        """``organisations`` is a list read once per page: every agenda item reuses it."""
        super().__init__(*args, **kwargs)
        self.organisations = {org.pk: org for org in organisations}
        cast(forms.TypedChoiceField, self.fields["owner"]).choices = [
            ("", "---------"),
            *((org.pk, org.name) for org in organisations),
        ]

    def clean_owner(self) -> Organisation:
        return self.organisations[self.cleaned_data["owner"]]

    def clean_due_date(self) -> Any:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due


# --- the case page ---------------------------------------------------------------------------


class _ReasonField(forms.CharField):
    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label=label or _("Reason"),
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=5000,
            **kwargs,
        )


class MoveForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("Move to phase"), choices=())
    reason = _ReasonField()

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_phase"]).choices = [
            (phase.value, phase.label) for phase in MOVES[Phase(case.phase)]
        ]


class ClosureRequestForm(forms.Form):
    closing_reason = forms.ChoiceField(label=_("Closing reason"), choices=ClosingReason.choices)
    explanation = _ReasonField(label=_("Explanation"))


class DecideClosureForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve closing")), ("reject", _("Do not close"))],
        widget=forms.RadioSelect,
    )
    note = _ReasonField(label=_("Note"), required=False)


class ReopenForm(forms.Form):
    to_phase = forms.ChoiceField(
        label=_("Reopen in phase"), choices=[(p.value, p.label) for p in REOPEN_TO]
    )
    reason = _ReasonField()


class ReviewForm(forms.Form):
    note = _ReasonField(label=_("Findings"))


class CaseManagerForm(forms.Form):
    case_manager = forms.ModelChoiceField(
        label=_("Case manager"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = case.participations.current().values("organisation_id")
        cast(forms.ModelChoiceField, self.fields["case_manager"]).queryset = users_with(
            "case.manage", organisations
        )


class ParticipantForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    reason = _ReasonField()

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taking_part = case.participations.current().values("organisation_id")
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = (
            Organisation.objects.filter(municipality_id=case.municipality_id, covenant_signed=True)
            .exclude(pk__in=taking_part)
            .order_by("name")
        )


class RemoveParticipantForm(forms.Form):
    reason = _ReasonField()


class ConcernForm(forms.Form):
    ideology = forms.ChoiceField(label=_("Ideology"), choices=Ideology.choices)
    level = forms.ChoiceField(label=_("Level of concern"), choices=ConcernLevel.choices)
    reasons = _ReasonField(label=_("Reasons"))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Contribution"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    restricted_to = forms.ModelMultipleChoiceField(
        label=_("Only for (professional secrecy)"),
        help_text=_(
            "Leave empty to share with every organisation taking part. When you tick some, only "
            "they and your own organisation see this contribution."
        ),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taking_part = case.participations.current().values("organisation_id")
        cast(forms.ModelChoiceField, self.fields["restricted_to"]).queryset = (
            Organisation.objects.filter(pk__in=taking_part)
            .exclude(pk=user.organisation_id)
            .order_by("name")
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
    note = _ReasonField(label=_("Note"), required=False)


class DomainAssessmentForm(forms.Form):
    domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    risk_factors = forms.CharField(
        label=_("Risk factors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    protective_factors = forms.CharField(
        label=_("Protective factors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("risk_factors") and not cleaned.get("protective_factors"):
            raise ValidationError(_("Describe risk factors, protective factors or both."))
        return cleaned


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Attachment.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, OpenDocument, PNG, JPEG or plain text; at most 10 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > attachments.MAX_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        content = upload.read()
        try:
            checked = attachments.check_upload(content, upload.name or "")
        except attachments.RejectedFile as error:
            raise ValidationError(str(error)) from None
        self.content = content
        # The stored name: the client's stem with the extension of the detected type.
        upload.name = checked.filename
        return upload


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PersonForm(forms.ModelForm):
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Person
        fields = ["name", "aliases", "birth_date", "gender", "district", "contact"]
        widgets = {
            "name": forms.TextInput,
            "aliases": forms.TextInput,
            "contact": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_birth_date(self) -> str:
        day = self.cleaned_data.get("birth_date")
        return day.isoformat() if day else ""


class RelationForm(forms.Form):
    name = forms.CharField(label=_("Name of the related person"), max_length=200)
    kind = forms.ChoiceField(label=_("Relation"), choices=PersonRelation.Kind.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class GuidanceTreeForm(forms.ModelForm):
    class Meta:
        model = GuidanceTree
        fields = ["audience", "title", "start", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start = cast(forms.ModelChoiceField, self.fields["start"])
        start.queryset = (
            GuidanceNode.objects.filter(tree=self.instance, kind=GuidanceNode.Kind.QUESTION)
            if self.instance.pk
            else GuidanceNode.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("active") and not cleaned.get("start"):
            self.add_error("start", _("A published tree needs a first question."))
        return cleaned


class GuidanceNodeForm(forms.ModelForm):
    class Meta:
        model = GuidanceNode
        fields = ["kind", "text", "emergency", "offer_report"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class GuidanceAnswerForm(forms.ModelForm):
    class Meta:
        model = GuidanceAnswer
        fields = ["question", "label", "leads_to"]

    def __init__(self, *args: Any, tree: GuidanceTree, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nodes = GuidanceNode.objects.filter(tree=tree)
        cast(forms.ModelChoiceField, self.fields["question"]).queryset = nodes.filter(
            kind=GuidanceNode.Kind.QUESTION
        )
        cast(forms.ModelChoiceField, self.fields["leads_to"]).queryset = nodes
