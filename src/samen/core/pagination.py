"""Keyset ("seek") pagination for long lists: no OFFSET, no COUNT(*).

A page is found from a boundary row instead of a page number: ``?after=<id>`` shows the rows
that follow row ``id`` in the list's order, ``?before=<id>`` the rows that precede it,
``?page=last`` the end of the list (read from the other end, then turned around) and no
parameter the start. Each is one indexed seek plus, for ``after``/``before``, one look-up of the
boundary row's sort key in the same (filtered, policy-scoped) queryset, so a page costs the same
at the start, in the middle and at the end of a list of millions, and an id that is not in the
list (tampered with, or filtered away) gives the first page rather than an error or a leak.

The order is a tuple of keys, each ascending or descending, the last one unique (the primary
key); keys may be annotations but must never be NULL (a CASE with a default serves). The rows
after a boundary are those greater (or, for a descending key, smaller) on the first key, or
equal on it and after the boundary on the rest: the usual row-value comparison, written out
so that it works with mixed directions on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest, QueryDict

from samen.core.params import whole_number

AFTER = "after"
BEFORE = "before"
PAGE = "page"
LAST = "last"
# The parameters that place a page; every other one (filters) is carried by the links.
PLACING = (AFTER, BEFORE, PAGE)


@dataclass(frozen=True)
class Order:
    """A list's order: ``(name, descending)`` pairs, the last unique (``"pk"``)."""

    keys: tuple[tuple[str, bool], ...]

    @classmethod
    def of(cls, *names: str) -> Order:
        """From ``order_by``-style names: ``Order.of("-received_at", "-pk")``."""
        return cls(tuple((name.lstrip("-"), name.startswith("-")) for name in names))

    @property
    def names(self) -> list[str]:
        return [name for name, _descending in self.keys]

    def order_by(self, reverse: bool = False) -> list[OrderBy]:
        return [
            F(name).desc() if descending != reverse else F(name).asc()
            for name, descending in self.keys
        ]

    def beyond(self, values: Sequence[Any], reverse: bool = False) -> Q:
        """The rows after the row with sort key ``values`` (before it when ``reverse``).

        With more than one key, the first key's bound (``<=`` or ``>=``) is stated on its own
        as well: it is implied by the rest, but a database can only start an index range from
        a plain comparison, not from the OR of the exact condition."""
        condition = Q()
        for index in reversed(range(len(self.keys))):
            name, descending = self.keys[index]
            lookup = "lt" if descending != reverse else "gt"
            past = Q(**{f"{name}__{lookup}": values[index]})
            if index == len(self.keys) - 1:
                condition = past
            else:
                condition = past | (Q(**{name: values[index]}) & condition)
        if len(self.keys) > 1:
            name, descending = self.keys[0]
            lookup = "lte" if descending != reverse else "gte"
            condition = Q(**{f"{name}__{lookup}": values[0]}) & condition
        return condition


@dataclass
class KeysetPage(Sequence[Any]):
    """One page of a list, with the query strings of its links (filters kept)."""

    object_list: list[Any]
    has_previous: bool
    has_next: bool
    # The request's other parameters (the filters), urlencoded, without the placing ones.
    query: str = ""
    # True when the boundary asked for is not in the list: the first page is shown instead.
    reset: bool = False
    _links: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.object_list)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __getitem__(self, index: Any) -> Any:
        return self.object_list[index]

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def is_first(self) -> bool:
        return not self.has_previous

    @property
    def is_last(self) -> bool:
        return not self.has_next

    def _with(self, **placing: str) -> str:
        params = QueryDict(self.query, mutable=True)
        for name, value in placing.items():
            params[name] = value
        return params.urlencode()

    @property
    def first_query(self) -> str:
        return self.query

    @property
    def last_query(self) -> str:
        return self._with(page=LAST)

    @property
    def previous_query(self) -> str:
        return self._with(before=str(self.object_list[0].pk)) if self.object_list else ""

    @property
    def next_query(self) -> str:
        return self._with(after=str(self.object_list[-1].pk)) if self.object_list else ""


def filters_of(request: HttpRequest) -> QueryDict:
    """The request's parameters without the ones that place a page."""
    query = request.GET.copy()
    for name in PLACING:
        query.pop(name, None)
    return query


def keyset_page(
    request: HttpRequest, queryset: QuerySet[Any], order: Order, size: int
) -> KeysetPage:
    """The page of ``queryset`` (in ``order``) that the request's ``after``, ``before`` or
    ``page=last`` asks for; the first page otherwise. One query for the page, one more for the
    boundary's sort key when there is a boundary."""
    query = filters_of(request).urlencode()
    after, before = whole_number(request.GET.get(AFTER)), whole_number(request.GET.get(BEFORE))
    asked = AFTER in request.GET or BEFORE in request.GET
    found = False
    boundary_pk = after if after is not None else before
    if boundary_pk is not None:
        values = queryset.filter(pk=boundary_pk).values_list(*order.names).first()
        found = values is not None
        if values is not None:
            reverse = after is None
            rows = list(
                queryset.filter(order.beyond(values, reverse=reverse)).order_by(
                    *order.order_by(reverse=reverse)
                )[: size + 1]
            )
            more = len(rows) > size
            rows = rows[:size]
            if not reverse:
                return KeysetPage(rows, has_previous=True, has_next=more, query=query)
            # A "previous" page that reaches the start may be short: it is not filled up from
            # the first page, so that paging back shows every row once.
            return KeysetPage(rows[::-1], has_previous=more, has_next=True, query=query)
    elif request.GET.get(PAGE) == LAST:
        rows = list(queryset.order_by(*order.order_by(reverse=True))[: size + 1])
        return KeysetPage(
            rows[:size][::-1], has_previous=len(rows) > size, has_next=False, query=query
        )
    rows = list(queryset.order_by(*order.order_by())[: size + 1])
    return KeysetPage(
        rows[:size],
        has_previous=False,
        has_next=len(rows) > size,
        query=query,
        reset=asked and not found,
    )
