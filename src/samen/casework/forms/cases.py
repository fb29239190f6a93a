"""Forms of the case page: phases, closing, reviews, participants, judgements, files."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation, User
from samen.accounts.queries import users_with
from samen.casework import attachments
from samen.casework.lifecycle import (
    MOVES,
    REOPEN_TO,
    REVIEW_AFTER_MONTHS,
    REVIEW_MONTH_CHOICES,
    ClosingReason,
    ConcernLevel,
    Ideology,
    LifeDomain,
    Phase,
)
from samen.casework.models import (
    Attachment,
    Case,
)
from samen.core.forms import KeptWidgetField, read_choices_once
from samen.core.widgets import LongCheckboxSelectMultiple, LongRadioSelect, LongSelect


class ReasonField(forms.CharField):
    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label=label or _("Reason"),
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=5000,
            **kwargs,
        )


class MoveForm(forms.Form):
    # Widgets of these fields are the same for everyone while the form is empty (core.forms).
    bound_field_class = KeptWidgetField
    static_html_fields = frozenset({"reason"})
    to_phase = forms.ChoiceField(label=_("Move to phase"), choices=())
    reason = ReasonField()

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_phase"]).choices = [
            (phase.value, phase.label) for phase in MOVES[Phase(case.phase)]
        ]


class ClosureRequestForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    closing_reason = forms.ChoiceField(label=_("Closing reason"), choices=ClosingReason.choices)
    explanation = ReasonField(label=_("Explanation"))
    review_months = forms.TypedMultipleChoiceField(
        label=_("Review after (months)"),
        help_text=_("When the closed case is looked at again; by default after 6 and 12 months."),
        choices=[(m, m) for m in REVIEW_MONTH_CHOICES],
        coerce=int,
        initial=list(REVIEW_AFTER_MONTHS),
        required=False,
        widget=LongCheckboxSelectMultiple,
    )

    def clean_review_months(self) -> list[int]:
        return list(self.cleaned_data.get("review_months") or REVIEW_AFTER_MONTHS)


class DecideClosureForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve closing")), ("reject", _("Do not close"))],
        widget=LongRadioSelect,
    )
    note = ReasonField(label=_("Note"), required=False)


class ReopenForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    to_phase = forms.ChoiceField(
        label=_("Reopen in phase"), choices=[(p.value, p.label) for p in REOPEN_TO]
    )
    reason = ReasonField()


class ReviewForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    note = ReasonField(
        label=_("Findings"),
        error_messages={"required": _("Describe the findings of the review.")},
    )


class CaseManagerForm(forms.Form):
    # Lists that grow with the municipality's partners and people: written in Python, not a
    # template per option (``samen.core.widgets``).
    case_manager = forms.ModelChoiceField(
        label=_("Case manager"), queryset=User.objects.none(), required=False, widget=LongSelect
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        # Opened, the form shows the case's manager now.
        kwargs.setdefault("initial", {"case_manager": case.case_manager_id})
        super().__init__(*args, **kwargs)
        organisations = case.participations.current().values("organisation_id")
        field = cast(forms.ModelChoiceField, self.fields["case_manager"])
        field.queryset = users_with("case.manage", organisations)
        # One plain query when rendered (no server-side cursor on PostgreSQL).
        read_choices_once(field)


class ParticipantForm(forms.Form):
    # Widgets of these fields are the same for everyone while the form is empty (core.forms).
    bound_field_class = KeptWidgetField
    static_html_fields = frozenset({"reason"})
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), widget=LongSelect
    )
    reason = ReasonField()

    def __init__(
        self,
        *args: Any,
        case: Case,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = (
            Organisation.objects.serving(case.municipality_id)
            .filter(covenant_signed=True)
            .exclude(pk__in=case.participations.current().values("organisation_id"))
            .order_by("name")
        )
        # One plain query when rendered (no server-side cursor on PostgreSQL).
        read_choices_once(field)


class RemoveParticipantForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    reason = ReasonField(
        error_messages={"required": _("Give a reason for removing the organisation.")}
    )


class ConcernForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    ideology = forms.ChoiceField(label=_("Ideology"), choices=Ideology.choices)
    level = forms.ChoiceField(label=_("Level of concern"), choices=ConcernLevel.choices)
    reasons = ReasonField(label=_("Reasons"))


class NoteForm(forms.Form):
    # Widgets of these fields are the same for everyone while the form is empty (core.forms).
    bound_field_class = KeptWidgetField
    static_html_fields = frozenset({"text"})
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
        widget=LongCheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        case: Case,
        user: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["restricted_to"]
        cast(forms.ModelChoiceField, field).queryset = (
            Organisation.objects.filter(
                pk__in=case.participations.current().values("organisation_id")
            )
            .exclude(pk=user.organisation_id)
            .order_by("name")
        )
        # One plain query when rendered (no server-side cursor on PostgreSQL).
        read_choices_once(field)


class DomainAssessmentForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
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


class CheckedUploadForm(forms.Form):
    """A form with a ``file`` field checked as an attachment (``casework.attachments``: size,
    type, archive bombs); the checked bytes in ``self.content``."""

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


class AttachmentForm(CheckedUploadForm):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    kind = forms.ChoiceField(label=_("Kind"), choices=Attachment.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, OpenDocument, PNG, JPEG or plain text; at most 10 MB."),
    )
