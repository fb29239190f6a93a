"""Forms of the programme's pages. They validate the values an action takes and are never
saved: a form is built without an instance (``initial`` shows the current values), so nothing a
form cleans is a model row the action would trust."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Model, Q, QuerySet
from django.forms.models import ModelChoiceIterator, model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation, User
from samen.core.fields import EncryptedTextField
from samen.core.forms import read_choices_once
from samen.core.params import whole_number
from samen.core.widgets import LongCheckboxSelectMultiple, LongSelect, LongSelectMultiple
from samen.hub.models import Document, Practice
from samen.programme.models import (
    ActionStatus,
    BudgetLine,
    CommunicationMoment,
    ContactPerson,
    Criterion,
    DialogueMeeting,
    Event,
    Goal,
    KeyFigure,
    MediaResponse,
    Outreach,
    Plan,
    PlanAction,
    ProgrammeItem,
    Risk,
    Sector,
    Theme,
    Training,
)
from samen.programme.recognition import DraftPlan


def _widget(field: Any, **kwargs: Any) -> forms.Field | None:
    """Date inputs for dates, one-line inputs for encrypted names and details, short text
    areas for text."""
    from django.db import models

    if isinstance(field, models.DateField):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
    elif isinstance(field, EncryptedTextField):
        kwargs.setdefault("widget", forms.TextInput)
    elif isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return cast(forms.Field | None, field.formfield(**kwargs))


def _current_values(current: Model, fields: Any) -> dict[str, Any]:
    """``model_to_dict``, with the keys of the rows a many-to-many field links to rather than
    the rows themselves (a form shows them as chosen by their key)."""
    many = {
        field.name for field in current._meta.many_to_many if fields is None or field.name in fields
    }
    values = model_to_dict(current, fields=[name for name in fields or () if name not in many])
    for name in many:
        values[name] = list(getattr(current, name).values_list("pk", flat=True))
    return values


class ValuesForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form that only validates: ``values()`` are the explicit values for an action;
    ``current`` (the row being changed) fills the initial values."""

    def __init__(self, *args: Any, current: Model | None = None, **kwargs: Any) -> None:
        if current is not None:
            kwargs.setdefault("initial", _current_values(current, self._meta.fields))
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}

    def limit(self, name: str, queryset: QuerySet[Any]) -> None:
        cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset  # type: ignore[type-arg]


def partner_organisations(municipality_id: int | None) -> QuerySet[Organisation]:
    """The municipality and the organisations taking part in its approach."""
    return Organisation.objects.filter(pk=municipality_id or 0) | Organisation.objects.filter(
        municipality_id=municipality_id or 0
    )


def partner_users(municipality_id: int | None) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, organisation__in=partner_organisations(municipality_id))
        .select_related("organisation")
        .order_by("organisation__name", "full_name")
    )


class OfferedChoices(ModelChoiceIterator):
    """The choices a model choice field shows: ``offered``, a part of what it accepts (or
    what it accepts, read by fewer columns), read once (Django reads a model choice field's
    rows through a server-side cursor, for every pass over them)."""

    def __init__(self, field: forms.ModelChoiceField, offered: QuerySet[Any]) -> None:  # type: ignore[type-arg]
        super().__init__(field)
        self.queryset = offered
        self.rows: list[Any] | None = None

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.rows is None:
            self.rows = list(self.queryset)
        for obj in self.rows:
            yield self.choice(obj)

    def __len__(self) -> int:
        if self.rows is None:
            self.rows = list(self.queryset)
        return len(self.rows) + (self.field.empty_label is not None)


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A user with their organisation."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.organisation.name})"


# --- the plan ------------------------------------------------------------------------------


class PlanForm(ValuesForm):
    class Meta:
        model = Plan
        fields = ["title", "first_year", "last_year", "status", "summary"]
        formfield_callback = _widget

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The period ends before it starts."))
        if first and last and last - first > 10:
            self.add_error("last_year", _("A plan covers at most ten years."))
        return cleaned


class ThemeForm(ValuesForm):
    class Meta:
        model = Theme
        fields = ["title", "position", *Theme.QUESTIONS]
        formfield_callback = _widget


class GoalForm(ValuesForm):
    class Meta:
        model = Goal
        fields = ["text", "target_date"]
        formfield_callback = _widget


class ActionForm(ValuesForm):
    class Meta:
        model = PlanAction
        fields = [
            "title",
            "description",
            "goal",
            "lead_organisation",
            "lead_user",
            "working_group",
            "other_partners",
            "mode",
            "status",
            "stop_reason",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "practices",
            "documents",
        ]
        formfield_callback = _widget
        # The partners' organisations, users and the hub's practices are long lists (a large
        # city's partners, the whole hub): written without a template per option.
        widgets = {
            "lead_organisation": LongSelect,
            "working_group": LongCheckboxSelectMultiple,
            "practices": LongSelectMultiple,
            "documents": LongSelectMultiple,
        }

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality_id = theme.plan.municipality_id
        self.limit("goal", theme.goals.all())
        organisations = partner_organisations(municipality_id).order_by("name")
        self.limit("lead_organisation", organisations)
        self.limit("working_group", organisations)
        # Offered twice, read once.
        organisation_rows = list(organisations)
        read_choices_once(self.fields["lead_organisation"], organisation_rows)
        read_choices_once(self.fields["working_group"], organisation_rows)
        self.limit("practices", Practice.objects.order_by("title").only("title"))
        # The hub holds thousands of documents: offered are the action plans (documents in which
        # the hub recognised actions) and what the action already links to, not every document.
        linked = self.instance.documents.all() if self.instance.pk else Document.objects.none()
        self.limit(
            "documents",
            Document.objects.filter(
                Q(pk__in=Document.objects.filter(actions__isnull=False).values("pk"))
                | Q(pk__in=linked.values("pk"))
            )
            .order_by("title")
            .only("title"),
        )
        self.fields["documents"].help_text = _(
            "Action plans in the knowledge hub (documents in which the hub recognised actions)."
        )
        self.fields["lead_user"] = UserChoiceField(
            label=self.fields["lead_user"].label,
            queryset=partner_users(municipality_id).only("full_name", "organisation__name"),
            required=False,
            widget=LongSelect,
        )
        # Read in one go (Django reads a model choice field's rows through a server-side
        # cursor on PostgreSQL: three more round trips each).
        for name in ("goal", "lead_user", "practices", "documents"):
            read_choices_once(self.fields[name])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == ActionStatus.STOPPED and not cleaned.get("stop_reason"):
            self.add_error("stop_reason", _("Say why the action stopped."))
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end lies before the start."))
        lead, organisation = cleaned.get("lead_user"), cleaned.get("lead_organisation")
        if lead is not None:
            if organisation is None:
                cleaned["lead_organisation"] = lead.organisation
            elif lead.organisation_id != organisation.pk:
                self.add_error("lead_user", _("The lead works for another organisation."))
        return cleaned


class ProgressForm(forms.Form):
    on = forms.DateField(
        label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[("", _("(no change)")), *ActionStatus.choices],
        required=False,
    )
    stop_reason = forms.CharField(
        label=_("Reason for stopping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == ActionStatus.STOPPED and not cleaned.get("stop_reason"):
            self.add_error("stop_reason", _("Say why the action stopped."))
        on = cleaned.get("on")
        if on and on > timezone.localdate():
            self.add_error("on", _("Progress is reported on what happened: not a future date."))
        return cleaned


class CriteriaForm(forms.Form):
    """For every criterion in use: met or not, and a note."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], current: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            check = current.get(criterion.pk)
            self.fields[f"met_{criterion.pk}"] = forms.BooleanField(
                label=criterion.text, required=False, initial=bool(check and check.met)
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                initial=check.note if check else "",
            )

    def checks(self) -> dict[Criterion, tuple[bool, str]]:
        return {
            c: (self.cleaned_data[f"met_{c.pk}"], self.cleaned_data[f"note_{c.pk}"])
            for c in self.criteria
        }


class CriterionForm(ValuesForm):
    class Meta:
        model = Criterion
        fields = ["text", "position", "active"]
        formfield_callback = _widget


class RiskForm(ValuesForm):
    class Meta:
        model = Risk
        fields = ["title", "description", "mitigation", "theme"]
        formfield_callback = _widget

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("theme", plan.themes.all())


class ImportChooseForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Document in the knowledge hub"),
        queryset=Document.objects.filter(actions__isnull=False).distinct().order_by("title"),
        help_text=_("Documents in which the hub recognised actions."),
    )


class ImportReviewForm(forms.Form):
    """Every recognised item with a box to confirm it; nothing unticked is created."""

    title = forms.CharField(label=_("Title of the plan"), max_length=200)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def __init__(
        self, *args: Any, draft: DraftPlan, municipality_id: int | None, **kwargs: Any
    ) -> None:
        year = timezone.localdate().year
        initial = {"title": draft.title, "first_year": year, "last_year": year + 1}
        for theme in draft.themes:
            initial[f"{theme.key}-title"] = theme.title
            for question in Theme.QUESTIONS:
                initial[f"{theme.key}-{question}"] = theme.answers.get(question, "")
            for action in theme.actions:
                initial[f"{action.key}-title"] = action.title
                initial[f"{action.key}-description"] = action.description
                initial[f"{action.key}-mode"] = action.mode
                initial[f"{action.key}-lead_organisation"] = action.lead_organisation
                initial[f"{action.key}-lead_user"] = action.lead_user
                initial[f"{action.key}-working_group"] = action.working_group
                initial[f"{action.key}-other_partners"] = action.other_partners
        for n, criterion in enumerate(draft.criteria):
            initial[f"c{n}-text"] = criterion
        for n, (title, description) in enumerate(draft.risks):
            initial[f"r{n}-title"] = title
            initial[f"r{n}-description"] = description
        for line in draft.budget:
            initial[f"{line.key}-title"] = line.title
            initial[f"{line.key}-amount"] = line.amount
            initial[f"{line.key}-source"] = line.source
            initial[f"{line.key}-subsidy_status"] = line.subsidy_status
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.draft = draft
        organisations = partner_organisations(municipality_id).order_by("name")
        users = partner_users(municipality_id)
        textarea = forms.Textarea(attrs={"rows": 3})
        for theme in draft.themes:
            self.fields[f"{theme.key}-include"] = forms.BooleanField(
                label=_("Create this theme"), required=False
            )
            self.fields[f"{theme.key}-title"] = forms.CharField(
                label=_("Theme"), max_length=200, required=False
            )
            for question in Theme.QUESTIONS:
                self.fields[f"{theme.key}-{question}"] = forms.CharField(
                    label=Theme.question(question),
                    required=False,
                    widget=textarea,
                )
            for action in theme.actions:
                key = action.key
                self.fields[f"{key}-include"] = forms.BooleanField(
                    label=_("Create this action"), required=False
                )
                self.fields[f"{key}-title"] = forms.CharField(
                    label=_("Action"), max_length=300, required=False
                )
                self.fields[f"{key}-description"] = forms.CharField(
                    label=_("Description"), required=False, widget=textarea
                )
                self.fields[f"{key}-mode"] = forms.ChoiceField(
                    label=_("Who acts"), choices=PlanAction.Mode.choices
                )
                self.fields[f"{key}-lead_organisation"] = forms.ModelChoiceField(
                    label=_("Lead organisation"), queryset=organisations, required=False
                )
                self.fields[f"{key}-lead_user"] = forms.ModelChoiceField(
                    label=_("Lead (trekker)"), queryset=users, required=False
                )
                self.fields[f"{key}-working_group"] = forms.ModelMultipleChoiceField(
                    label=_("Working group"),
                    queryset=organisations,
                    required=False,
                    widget=LongCheckboxSelectMultiple,
                )
                self.fields[f"{key}-other_partners"] = forms.CharField(
                    label=_("Other members of the working group"), required=False, widget=textarea
                )
        for n, _criterion in enumerate(draft.criteria):
            self.fields[f"c{n}-include"] = forms.BooleanField(
                label=_("Add this criterion"), required=False
            )
            self.fields[f"c{n}-text"] = forms.CharField(
                label=_("Criterion"), max_length=500, required=False
            )
        for n, _risk in enumerate(draft.risks):
            self.fields[f"r{n}-include"] = forms.BooleanField(
                label=_("Add this risk"), required=False
            )
            self.fields[f"r{n}-title"] = forms.CharField(
                label=_("Risk"), max_length=300, required=False
            )
            self.fields[f"r{n}-description"] = forms.CharField(
                label=_("Description"), required=False, widget=textarea
            )
        for line in draft.budget:
            self.fields[f"{line.key}-include"] = forms.BooleanField(
                label=_("Add this budget line"), required=False
            )
            self.fields[f"{line.key}-title"] = forms.CharField(
                label=_("Budget line"), max_length=300, required=False
            )
            self.fields[f"{line.key}-amount"] = forms.DecimalField(
                label=_("Amount per year (euro)"), max_digits=12, decimal_places=2, min_value=0
            )
            self.fields[f"{line.key}-source"] = forms.ChoiceField(
                label=_("Source"), choices=BudgetLine.Source.choices
            )
            self.fields[f"{line.key}-subsidy_status"] = forms.ChoiceField(
                label=_("Subsidy status"),
                choices=[("", "—"), *BudgetLine.SubsidyStatus.choices],
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and not 0 <= last - first <= 10:
            self.add_error("last_year", _("A plan covers one to ten years."))
        for theme in self.draft.themes:
            if cleaned.get(f"{theme.key}-include") and not cleaned.get(f"{theme.key}-title"):
                self.add_error(f"{theme.key}-title", _("A theme needs a title."))
            for action in theme.actions:
                key = action.key
                if not cleaned.get(f"{key}-include"):
                    continue
                if not cleaned.get(f"{theme.key}-include"):
                    self.add_error(f"{key}-include", _("Confirm its theme too."))
                if not cleaned.get(f"{key}-title"):
                    self.add_error(f"{key}-title", _("An action needs a title."))
                lead = cleaned.get(f"{key}-lead_user")
                organisation = cleaned.get(f"{key}-lead_organisation")
                if lead is not None and organisation not in (None, lead.organisation):
                    self.add_error(
                        f"{key}-lead_user", _("The lead works for another organisation.")
                    )
        for line in self.draft.budget:
            if not cleaned.get(f"{line.key}-include"):
                continue
            source = cleaned.get(f"{line.key}-source")
            if source in BudgetLine.SUBSIDIES and not cleaned.get(f"{line.key}-subsidy_status"):
                self.add_error(f"{line.key}-subsidy_status", _("A subsidy needs its status."))
            if line.theme_key and not cleaned.get(f"{line.theme_key}-include"):
                self.add_error(f"{line.key}-include", _("Confirm its theme too."))
        return cleaned

    def layout(self) -> dict[str, Any]:
        """The fields grouped by recognised item, for the review page."""

        def fields(prefix: str, names: list[str]) -> list[Any]:
            return [self[f"{prefix}-{name}"] for name in names]

        action_names = [
            "include",
            "title",
            "description",
            "mode",
            "lead_organisation",
            "lead_user",
            "working_group",
            "other_partners",
        ]
        return {
            "plan": [self["title"], self["first_year"], self["last_year"]],
            "themes": [
                {
                    "draft": theme,
                    "fields": fields(theme.key, ["include", "title", *Theme.QUESTIONS]),
                    "actions": [
                        {"draft": action, "fields": fields(action.key, action_names)}
                        for action in theme.actions
                    ],
                }
                for theme in self.draft.themes
            ],
            "criteria": [
                fields(f"c{n}", ["include", "text"]) for n in range(len(self.draft.criteria))
            ],
            "risks": [
                fields(f"r{n}", ["include", "title", "description"])
                for n in range(len(self.draft.risks))
            ],
            "budget": [
                {
                    "draft": line,
                    "fields": fields(
                        line.key, ["include", "title", "amount", "source", "subsidy_status"]
                    ),
                }
                for line in self.draft.budget
            ],
        }

    def confirmed(self) -> dict[str, Any]:
        """The ticked items as values for ``create_plan_from_draft``."""
        data = self.cleaned_data
        themes = []
        for theme in self.draft.themes:
            if not data.get(f"{theme.key}-include"):
                continue
            actions = []
            for action in theme.actions:
                key = action.key
                if not data.get(f"{key}-include"):
                    continue
                lead = data[f"{key}-lead_user"]
                actions.append(
                    {
                        "title": data[f"{key}-title"],
                        "description": data[f"{key}-description"],
                        "mode": data[f"{key}-mode"],
                        "lead_organisation": data[f"{key}-lead_organisation"]
                        or (lead.organisation if lead else None),
                        "lead_user": lead,
                        "working_group": list(data[f"{key}-working_group"]),
                        "other_partners": data[f"{key}-other_partners"],
                        "source_action": action.source,
                    }
                )
            themes.append(
                {
                    "key": theme.key,
                    "title": data[f"{theme.key}-title"],
                    "answers": {q: data[f"{theme.key}-{q}"] for q in Theme.QUESTIONS},
                    "actions": actions,
                }
            )
        first_year = data["first_year"]
        return {
            "title": data["title"],
            "first_year": first_year,
            "last_year": data["last_year"],
            "themes": themes,
            "criteria": [
                data[f"c{n}-text"]
                for n in range(len(self.draft.criteria))
                if data.get(f"c{n}-include") and data.get(f"c{n}-text")
            ],
            "risks": [
                (data[f"r{n}-title"], data[f"r{n}-description"])
                for n in range(len(self.draft.risks))
                if data.get(f"r{n}-include") and data.get(f"r{n}-title")
            ],
            "budget": [
                {
                    "theme_key": line.theme_key,
                    "year": first_year,
                    "title": data[f"{line.key}-title"] or line.title,
                    "source": data[f"{line.key}-source"],
                    "subsidy_status": data[f"{line.key}-subsidy_status"],
                    "amount": data[f"{line.key}-amount"],
                }
                for line in self.draft.budget
                if data.get(f"{line.key}-include")
            ],
        }


# --- the budget ----------------------------------------------------------------------------


class BudgetLineForm(ValuesForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    class Meta:
        model = BudgetLine
        # A theme of a large city offers a hundred actions.
        widgets = {"action": LongSelect}
        fields = [
            "year",
            "theme",
            "action",
            "title",
            "source",
            "subsidy_status",
            "reference",
            "requested_on",
            "decided_on",
            "amount",
            "granted_amount",
            "fte",
            "note",
        ]
        formfield_callback = _widget

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [(y, y) for y in plan.years]
        self.limit("theme", plan.themes.all())
        theme_field = cast(forms.ModelChoiceField, self.fields["theme"])  # type: ignore[type-arg]
        theme_field.widget.choices = OfferedChoices(theme_field, plan.themes.only("title", "plan"))  # type: ignore[attr-defined]
        # A plan holds hundreds of actions: any of them is accepted (a line for an action takes
        # the action's theme), but offered are the actions of the chosen theme only.
        actions = PlanAction.objects.filter(theme__plan=plan)
        self.limit("action", actions)
        chosen = self.data.get(self.add_prefix("theme")) if self.is_bound else None
        if not self.is_bound:
            chosen = self.initial.get("theme")
        theme_id = whole_number(str(getattr(chosen, "pk", chosen) or ""))
        offered = (
            actions.filter(theme_id=theme_id).order_by("title", "pk").only("title")
            if theme_id is not None
            else actions.none()
        )
        field = cast(forms.ModelChoiceField, self.fields["action"])  # type: ignore[type-arg]
        field.widget.choices = OfferedChoices(field, offered)  # type: ignore[attr-defined]
        field.help_text = _(
            "Offered are the actions of the line's theme. For an action of another theme, start "
            "the new line from that action or its theme."
        )
        self.fields["granted_amount"].required = False
        self.fields["granted_amount"].help_text = _(
            "Only for a granted subsidy; left empty, the planned amount was granted."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        source, status = cleaned.get("source"), cleaned.get("subsidy_status")
        if source in BudgetLine.SUBSIDIES and not status:
            self.add_error("subsidy_status", _("A subsidy needs its status."))
        if source and source not in BudgetLine.SUBSIDIES and status:
            self.add_error("subsidy_status", _("Only a subsidy has a status."))
        action, theme = cleaned.get("action"), cleaned.get("theme")
        if action is not None and theme is not None and action.theme_id != theme.pk:
            self.add_error("action", _("The action belongs to another theme."))
        return cleaned


class SpendingForm(forms.Form):
    spent_on = forms.DateField(
        label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(
        label=_("Amount (euro)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("A negative amount corrects an earlier entry."),
    )
    description = forms.CharField(label=_("Description"), max_length=300)

    def clean_amount(self) -> Any:
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError(_("An amount of zero records nothing."))
        return amount


# --- the network ----------------------------------------------------------------------------


class ContactPersonForm(ValuesForm):
    email = forms.EmailField(label=_("E-mail address"), required=False)

    class Meta:
        model = ContactPerson
        fields = [
            "organisation",
            "name",
            "function",
            "email",
            "phone",
            "district",
            "designated_officer",
            "left_on",
        ]
        formfield_callback = _widget

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("organisation", partner_organisations(municipality_id).order_by("name"))


class KeyFigureForm(ValuesForm):
    email = forms.EmailField(label=_("E-mail address"), required=False)

    class Meta:
        model = KeyFigure
        fields = [
            "name",
            "community",
            "district",
            "email",
            "phone",
            "consent_given_on",
            "consent_scope",
            "retain_until",
            "note",
        ]
        formfield_callback = _widget
        widgets = {"consent_scope": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retain_until"].required = False
        self.fields["retain_until"].help_text = _(
            "Their own retention term. Left empty: the default term after the consent."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        given, until = cleaned.get("consent_given_on"), cleaned.get("retain_until")
        if given and given > timezone.localdate():
            self.add_error("consent_given_on", _("Consent is recorded once it was given."))
        if given and until and until < given:
            self.add_error("retain_until", _("The term ends before the consent was given."))
        return cleaned


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The key figure withdrew consent: remove everything held about them now.")
    )


class DistrictNetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContactsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class KeyFiguresField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.district or '—'})"


def _people_field(label: Any, queryset: QuerySet[Any], kind: str) -> forms.Field:
    field_class = ContactsField if kind == "contact" else KeyFiguresField
    # A district's people: hundreds in a large city.
    return field_class(
        label=label, queryset=queryset, required=False, widget=LongCheckboxSelectMultiple
    )


class DistrictMembersForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        contacts: QuerySet[ContactPerson],
        key_figures: QuerySet[KeyFigure],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"] = _people_field(_("Contact persons"), contacts, "contact")
        self.fields["key_figures"] = _people_field(_("Key figures"), key_figures, "key_figure")
        # Shown, read in one go (not through a server-side cursor).
        read_choices_once(self.fields["contacts"])
        read_choices_once(self.fields["key_figures"])


class DistrictMeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    topics = forms.CharField(
        label=_("Topics"),
        help_text=_(
            "What was discussed about the district. No names or descriptions of persons: a worry "
            "about someone goes to the reporting point as a signal."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    others_present = forms.IntegerField(label=_("Others present"), min_value=0, initial=0)
    signals_reported = forms.IntegerField(
        label=_("Worries reported to the reporting point"), min_value=0, initial=0
    )

    def __init__(
        self,
        *args: Any,
        contacts: QuerySet[ContactPerson],
        key_figures: QuerySet[KeyFigure],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts_present"] = _people_field(
            _("Contact persons present"), contacts, "contact"
        )
        self.fields["key_figures_present"] = _people_field(
            _("Key figures present"), key_figures, "key_figure"
        )

    def offer(self, contacts: list[ContactPerson], key_figures: list[KeyFigure]) -> None:
        """The members as the page read them (what the querysets return, in their order): the
        choices are not read, nor their names decrypted, a second time."""
        read_choices_once(self.fields["contacts_present"], contacts)
        read_choices_once(self.fields["key_figures_present"], key_figures)


# --- trainings and events --------------------------------------------------------------------


class TrainingForm(ValuesForm):
    class Meta:
        model = Training
        fields = ["title", "provider", "target_groups", "hours", "level", "description", "theme"]
        formfield_callback = _widget

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("theme", themes)


class SessionForm(forms.Form):
    starts_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    trainer = forms.CharField(label=_("Trainer"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=LongSelect,  # a large city's partners
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("(from the organisation)")), *Sector.choices],
        required=False,
        help_text=_("For participants of organisations that are not in samen."),
    )

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = (  # type: ignore[type-arg]
            partner_organisations(municipality_id).order_by("name")
        )

    def offer(self, organisations: list[Organisation]) -> None:
        """The partners as the page read them for its forms (what the queryset returns, in its
        order): not read again for this one."""
        read_choices_once(self.fields["organisation"], organisations)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("organisation") and not cleaned.get("sector"):
            self.add_error("sector", _("Choose the organisation or the sector."))
        return cleaned


class HeadcountForm(ParticipantForm):
    """People who took part without registering by name."""

    count = forms.IntegerField(label=_("Number of participants"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["name"]
        del self.fields["email"]


class EvaluationForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )


class EventForm(ValuesForm):
    class Meta:
        model = Event
        fields = ["kind", "title", "held_on", "place", "audience", "attendance", "theme", "note"]
        formfield_callback = _widget

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("theme", themes)


class ProgrammeItemForm(ValuesForm):
    class Meta:
        model = ProgrammeItem
        fields = ["kind", "title", "speaker", "attendance"]
        formfield_callback = _widget


class OutreachForm(ValuesForm):
    class Meta:
        model = Outreach
        fields = ["kind", "title", "provider", "description", "theme"]
        formfield_callback = _widget

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("theme", themes)


class DeliveryForm(forms.Form):
    school = forms.CharField(label=_("School or location"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    classes = forms.IntegerField(label=_("Classes"), min_value=0, initial=0)
    pupils = forms.IntegerField(label=_("Pupils"), min_value=0, initial=0)
    parents = forms.IntegerField(label=_("Parents and carers"), min_value=0, initial=0)
    professionals = forms.IntegerField(
        label=_("Teachers and professionals"), min_value=0, initial=0
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(n) for n in ("pupils", "parents", "professionals")):
            self.add_error("pupils", _("Record whom the programme reached."))
        return cleaned


# --- communication ------------------------------------------------------------------------------


class MomentForm(ValuesForm):
    class Meta:
        model = CommunicationMoment
        fields = ["planned_on", "audience", "channel", "core_message", "owner", "status", "theme"]
        formfield_callback = _widget

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("theme", themes)


class DialogueForm(ValuesForm):
    class Meta:
        model = DialogueMeeting
        fields = ["held_on", "title", "place", "audience", "attendance", "summary", "theme"]
        formfield_callback = _widget

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("theme", themes)


class ResponseForm(ValuesForm):
    class Meta:
        model = MediaResponse
        fields = ["occurred_on", "kind", "subject", "response", "channel"]
        formfield_callback = _widget
