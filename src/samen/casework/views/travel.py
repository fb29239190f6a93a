"""Travel status of the person of a case."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.casework.actions import travel as travel_actions
from samen.casework.forms.travel import TravelStatusForm
from samen.casework.views.case_forms import form_or_change
from samen.casework.views.cases import case_change, plain


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_travel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "travel_form",
        plain(TravelStatusForm),
        lambda actor, case, data: travel_actions.record_travel_status(actor, case, **data),
        _("The travel status was recorded."),
    )
