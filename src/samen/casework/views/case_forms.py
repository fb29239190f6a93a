"""The forms of the case page, and the page of its own that one of them comes back on when it
fails validation (decision 0017): the case's heading, that one form with its errors and
everything typed, and the way back. Not the whole case page: a failed form reads only the
case, the form's own choices and, for a form of one row, that row.

The case page itself builds none of these forms (decision 0019): each one is fetched from its
own address when its ``<details>`` opens (htmx; the fragment ``casework/_case_form.html``), or,
without JavaScript, opened on the same page of its own, empty."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samen.accounts.decorators import AuthenticatedRequest
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.models import Case

# The views of the case page's forms: the empty form on GET, the change on POST.
form_or_change = require_http_methods(["GET", "HEAD", "POST"])


@dataclass(frozen=True)
class CaseForm:
    """One form of the case page: its title and button there (the same texts), and where on
    the case page it lives (the answer to a change returns there)."""

    title: str | Promise
    submit: str | Promise
    anchor: str = ""
    multipart: bool = False


# By the form's name on the case page (its id there, unless ``anchor`` says otherwise).
CASE_FORMS: dict[str, CaseForm] = {
    "move_form": CaseForm(_("Move the case"), _("Move")),
    "manager_form": CaseForm(_("Case manager"), _("Save")),
    "closure_form": CaseForm(_("Propose to close"), _("Propose closing")),
    "decide_form": CaseForm(_("Closing proposed"), _("Record decision")),
    "reopen_form": CaseForm(_("Reopen the case"), _("Reopen")),
    "review_form": CaseForm(_("Record review"), _("Record review"), anchor="reviews"),
    "goal_form": CaseForm(_("Add a goal"), _("Add goal")),
    "intervention_form": CaseForm(_("Add an intervention"), _("Add intervention")),
    "approve_form": CaseForm(_("Approve the plan"), _("Approve the plan")),
    "participant_form": CaseForm(_("Add an organisation"), _("Add")),
    "removal_form": CaseForm(_("Remove"), _("Remove"), anchor="participants"),
    "concern_form": CaseForm(_("Record a judgement"), _("Record")),
    "note_form": CaseForm(_("Add a contribution"), _("Add contribution")),
    "assessment_form": CaseForm(_("Add an assessment"), _("Add assessment")),
    "attachment_form": CaseForm(
        _("Add an attachment"), _("Upload"), anchor="attachments", multipart=True
    ),
    "travel_form": CaseForm(_("Record a travel status"), _("Record")),
    "informing_form": CaseForm(_("Record a decision on informing"), _("Record")),
    "handover_form": CaseForm(_("Record who takes over what"), _("Record")),
    "link_form": CaseForm(_("Link a case"), _("Link")),
    "transfer_form": CaseForm(_("Propose a transfer"), _("Propose the transfer"), "transfer"),
    "order_form": CaseForm(_("Order an assessment or intervention"), _("Send the order"), "orders"),
}


def form_id(name: str, row: int | None = None) -> str:
    """The id of the form ``name`` (and of its place on the case page): a form of one row has
    the row's key in it, so that the rows' forms differ."""
    return name if row is None else f"{name}-{row}"


def case_anchor(case: Case, name: str) -> str:
    """The case page at the form ``name`` (or the section it belongs to)."""
    target = reverse("casework:case_detail", kwargs={"pk": case.pk})
    return f"{target}#{CASE_FORMS[name].anchor or name}"


def form_page(
    request: AuthenticatedRequest,
    case: Case,
    name: str,
    form: Any,
    *,
    title: str | Promise | None = None,
    facts: Sequence[tuple[str | Promise, str]] = (),
    row: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """The form ``name`` of the case page on a page of its own, posting to the address it was
    asked from: empty (200) when opened, with its errors (422) when it failed. ``title``
    replaces the form's own (a form of one row names its row, ``row`` its key, which gives the
    form an id of its own); ``facts`` are shown under the case's heading (label, value). Asked
    by htmx (the case page's ``<details>`` opening), only the form.

    The page shows case data (its reference and phase, the form's choices drawn from the case),
    so it is recorded as a read of the case, as the case page is; the change itself, once the
    form is valid, is recorded by its action."""
    record(Actor.of(request), "casework.case.view", case)
    spec = CASE_FORMS[name]
    context = {
        "case": case,
        "form": form,
        "form_id": form_id(name, row),
        "title": title or spec.title,
        "submit": spec.submit,
        "multipart": spec.multipart,
        "facts": facts,
        "back": case_anchor(case, name),
    }
    fragment = bool(getattr(request, "htmx", False))
    template = "casework/_case_form.html" if fragment else "casework/case_form.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


# The form of the case page, failed: on its page of its own with its errors (422), posting to
# the same address again.
failed_form = partial(form_page, status=422)
