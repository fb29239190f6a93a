"""Informing the person of a case, or postponing it."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.casework.actions import informing as informing_actions
from samen.casework.forms.informing import InformingForm
from samen.casework.views.case_forms import form_or_change
from samen.casework.views.cases import case_change, plain


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_informing(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "informing_form",
        plain(InformingForm),
        lambda actor, case, data: informing_actions.record_informing(actor, case, **data),
        _("The decision on informing the person was recorded."),
    )
