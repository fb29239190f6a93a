"""What every casework page shares: paging and the user's municipality."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from samen.accounts.models import Organisation, User
from samen.core.pagination import KeysetPage, Order, keyset_page

PAGE_SIZE = 25


def page_of(request: HttpRequest, queryset: QuerySet[Any], first: str, *then: str) -> KeysetPage:
    """A page of a casework list by keyset (``samen.core.pagination``) in the order named
    (``order_by``-style names of fields or annotations, the last unique): no OFFSET, no count.
    The order is the keyset's, so it replaces any ``order_by`` of the queryset."""
    return keyset_page(request, queryset, Order.of(first, *then), PAGE_SIZE)


def home_municipality(user: User) -> Organisation | None:
    return Organisation.objects.filter(
        pk=user.organisation.home_municipality_id or 0, kind=Organisation.Kind.MUNICIPALITY
    ).first()


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""
