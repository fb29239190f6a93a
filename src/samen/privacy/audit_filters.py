"""The audit log's filters: by person, case, user, action and more; dates are local days,
filtered as ranges of the indexed timestamp (so the index serves them)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.audit import registry
from samen.audit.label_search import label_contains
from samen.audit.models import AuditEntry
from samen.core.widgets import LongSelect


def _action_choices() -> list[tuple[str, str]]:
    """Every registered action by its description in the user's language (the id after it)."""
    return sorted(
        ((a.id, f"{a.description} ({a.id})") for a in registry.ACTIONS.values()),
        key=lambda choice: choice[1].casefold(),
    )


def _start_of(day: date) -> datetime:
    """The first moment of a local day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditEntryFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(
        method="filter_person",
        label=_("Person (number)"),
        help_text=_("The number of the person's page: what was read and changed of them."),
    )
    case = django_filters.CharFilter(
        method="filter_label",  # the reference, sought in the entries' labels
        label=_("Case (reference)"),
        help_text=_("Every entry that names the case, lists included."),
    )
    user = django_filters.CharFilter(
        field_name="user_label", lookup_expr="iexact", label=_("User name")
    )
    organisation = django_filters.CharFilter(
        field_name="organisation_label", lookup_expr="icontains", label=_("Organisation")
    )
    # Every registered action (about two hundred): written by the long-list widget, not a
    # template per option.
    action = django_filters.ChoiceFilter(
        choices=_action_choices, label=_("Action"), widget=LongSelect
    )
    object_id = django_filters.CharFilter(label=_("Object id"))
    object_label = django_filters.CharFilter(method="filter_label", label=_("Object"))
    outcome = django_filters.ChoiceFilter(choices=AuditEntry.Outcome.choices, label=_("Outcome"))
    since = django_filters.DateFilter(
        method="filter_since",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        method="filter_until",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    request_id = django_filters.CharFilter(label=_("Request id"))

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def filter_person(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(object_type="casework.person", object_id=value.strip())

    def filter_label(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return label_contains(queryset, value)

    def filter_since(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(timestamp__gte=_start_of(value))

    def filter_until(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(timestamp__lt=_start_of(value + timedelta(days=1)))
