"""The warm hand-over at closure: who takes over what."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.casework.actions import handover as handover_actions
from samen.casework.forms.handover import HandOverForm
from samen.casework.views.case_forms import form_or_change
from samen.casework.views.cases import case_change, with_case


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_hand_over(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "handover_form",
        with_case(HandOverForm),
        lambda actor, case, data: handover_actions.record_hand_over(actor, case, **data),
        _("The hand-over was recorded."),
    )
