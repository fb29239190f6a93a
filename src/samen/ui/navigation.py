"""The main navigation: which pages a user's capabilities open, and which one is current."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samen.accounts.capabilities import Capability as C

Rule = Callable[[frozenset[str]], bool]


def any_of(*capabilities: C) -> Rule:
    return lambda held: any(c.value in held for c in capabilities)


def everyone(held: frozenset[str]) -> bool:
    return True


@dataclass(frozen=True)
class Item:
    url_name: str
    label: Promise
    shown: Rule


ITEMS = (
    Item("dashboard", _("Dashboard"), everyone),
    Item("casework:signal_list", _("Signals"), any_of(C.INTAKE_SIGNALS)),
    Item("casework:signal_create", _("Report a signal"), any_of(C.REPORT_SIGNAL)),
    Item("casework:case_list", _("Cases"), any_of(C.VIEW_CASES, C.MANAGE_CASES)),
    Item("casework:person_search", _("Persons"), any_of(C.VIEW_CASES, C.MANAGE_CASES)),
    Item("casework:my_actions", _("My actions"), any_of(C.VIEW_CASES, C.MANAGE_CASES)),
    Item("casework:meeting_list", _("Meetings"), any_of(C.VIEW_MEETINGS)),
    Item("casework:order_list", _("Your orders"), any_of(C.EXPERT_ORDERS)),
    Item("accounts:user_list", _("Users"), any_of(C.MANAGE_USERS)),
    Item("accounts:organisation_list", _("Organisations"), any_of(C.MANAGE_USERS)),
    Item("accounts:client_list", _("Machine clients"), any_of(C.MANAGE_USERS)),
    Item("accounts:request_list", _("Waiting for approval"), any_of(C.APPROVE_ACCESS)),
    Item("hub:home", _("Knowledge hub"), everyone),
    Item("audit:log", _("Audit log"), any_of(C.VIEW_AUDIT_LOG)),
    Item("privacy:retention", _("Retention"), any_of(C.MANAGE_RETENTION)),
    Item("privacy:subject_search", _("Requests of a person"), any_of(C.SUBJECT_RIGHTS)),
    Item("privacy:register", _("Register of processing"), any_of(C.KEEP_REGISTER)),
)


@dataclass(frozen=True)
class Link:
    url: str
    label: Promise
    current: bool


def links_for(capabilities: frozenset[str], path: str) -> list[Link]:
    """The user's links; the one whose address is the longest start of ``path`` is current."""
    shown = [(reverse(item.url_name), item) for item in ITEMS if item.shown(capabilities)]
    matches = [url for url, _item in shown if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default="")
    return [Link(url, item.label, url == current) for url, item in shown]
