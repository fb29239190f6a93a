"""What every casework page shares: paging and the user's municipality."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from samen.accounts.models import Organisation, User

PAGE_SIZE = 25


def page_of(request: HttpRequest, queryset: Any) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def home_municipality(user: User) -> Organisation | None:
    return Organisation.objects.filter(
        pk=user.organisation.home_municipality_id or 0, kind=Organisation.Kind.MUNICIPALITY
    ).first()


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""
