import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from samen.audit import registry
from samen.audit.models import AuditEntry


def _action_choices() -> list[tuple[str, str]]:
    return sorted((a.id, f"{a.id} — {a.description}") for a in registry.ACTIONS.values())


class AuditEntryFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(
        field_name="user_label", lookup_expr="iexact", label=_("User name")
    )
    organisation = django_filters.CharFilter(
        field_name="organisation_label", lookup_expr="icontains", label=_("Organisation")
    )
    action = django_filters.ChoiceFilter(choices=_action_choices, label=_("Action"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    object_label = django_filters.CharFilter(lookup_expr="icontains", label=_("Object"))
    outcome = django_filters.ChoiceFilter(choices=AuditEntry.Outcome.choices, label=_("Outcome"))
    since = django_filters.DateFilter(
        field_name="timestamp",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="timestamp",
        lookup_expr="date__lte",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    request_id = django_filters.CharFilter(label=_("Request id"))

    class Meta:
        model = AuditEntry
        fields: list[str] = []
