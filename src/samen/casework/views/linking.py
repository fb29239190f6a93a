"""Families and groups: linking a case to another the user may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import linking as linking_actions
from samen.casework.forms.linking import CaseLinkForm
from samen.casework.models import Case
from samen.casework.views.case_forms import form_or_change
from samen.casework.views.cases import case_change, plain


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def apply(actor: Actor, case: Case, data: dict[str, Any]) -> Any:
        # The other case only through the policy: a reference the user may not see is
        # answered as one that does not exist.
        other = policy.cases_visible_to(request.user).filter(reference=data["reference"]).first()
        if other is None:
            raise WorkflowError(_("no case with that reference that you may see"))
        return linking_actions.link_cases(actor, case, other, kind=data["kind"])

    return case_change(
        request,
        pk,
        "link_form",
        plain(CaseLinkForm),
        apply,
        _("The cases were linked."),
    )
