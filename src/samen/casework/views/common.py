"""What every casework page shares: paging and the user's municipality."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from samen.accounts.models import Organisation, User
from samen.core.pagination import KeysetPage, Order, keyset_page

PAGE_SIZE = 25


def page_of(request: HttpRequest, queryset: QuerySet[Any], *order: str) -> KeysetPage:
    """A page of a casework list by keyset (``samen.core.pagination``) in ``order``
    (``order_by``-style names, the last unique): no OFFSET, no count."""
    return keyset_page(request, queryset, Order.of(*order), PAGE_SIZE)


def home_municipality(user: User) -> Organisation | None:
    return Organisation.objects.filter(
        pk=user.organisation.home_municipality_id or 0, kind=Organisation.Kind.MUNICIPALITY
    ).first()


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""
