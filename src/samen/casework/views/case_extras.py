"""What casework's second round (issue 11) adds to the case page: its data, and which of its
forms the user may open (decision 0019), for a case the policy getter returned. Each source is
one query, whatever the case's history."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samen.casework import policy
from samen.casework.lifecycle import Phase
from samen.casework.models import Case, CaseTransfer
from samen.casework.queries.cases import PROBED
from samen.casework.queries.handover import hand_overs_of
from samen.casework.queries.informing import informing_of
from samen.casework.queries.travel import travel_of


def case_extras(
    user: Any,
    case: Case,
    manages: bool,
    transfers: list[CaseTransfer],
    found: frozenset[str] = frozenset(PROBED),
) -> dict[str, Any]:
    """The second round's parts of the case page (partials ``casework/_case_*.html``);
    ``transfers``: the case's transfers, newest first, which the page read already; ``found``:
    the sources of ``PROBED`` with rows (``present``), the others are not read."""
    links = (
        policy.case_links_visible_to(user, case).select_related("case", "to_case")
        if "links" in found
        else []
    )
    extras: dict[str, Any] = {
        "travel": travel_of(case) if "travel" in found else [],
        "case_links": [
            (link, link.to_case if link.case_id == case.pk else link.case) for link in links
        ],
        "hand_overs": hand_overs_of(case) if "hand_overs" in found else [],
        "informing": (informing := informing_of(case) if "informing" in found else []),
        "informing_overdue": bool(
            informing
            and informing[0].until is not None
            and informing[0].until < timezone.localdate()
        ),
    }
    extras["pending_transfer"] = next(
        (t for t in transfers if t.state == CaseTransfer.State.PROPOSED), None
    )
    extras["directs_case"] = policy.directs_case(user, case)
    if extras["directs_case"] and extras["pending_transfer"] is None:
        extras["transfer_form"] = True
    extras["expert_orders"] = (
        list(policy.orders_of_case_visible_to(user, case).select_related("expert", "report"))
        if "orders" in found
        else []
    )
    extras["may_order"] = case.phase != Phase.CLOSED and policy.may_order(user, case)
    if extras["may_order"]:
        extras["order_form"] = True
    if manages and case.phase != Phase.CLOSED:
        extras["travel_form"] = True
        extras["informing_form"] = True
        extras["link_form"] = True
    return extras
