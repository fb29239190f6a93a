"""What the benchmark requests: every URL of the URL conf, as the account that uses it.

``CATALOGUE`` maps each URL name to one or more variants: the page as its usual reader opens it,
and the heavy cases (filters, last pages, exports, the richest case and meeting, a search over
10,000 hub documents). A URL that only changes state is sent the form without input, which
runs the capability check, the access policy and the validation, and answers with the form's
errors (422, or 200 where the form page re-renders); the few that would change something with
an empty form (a logout, a deletion, the plan approval) get a fresh session or object for every
request, or the sandbox case and meeting, so the measured pages stay as they are.

``missing_urls()`` names the URLs without a variant: the benchmark refuses to run then (and a
test fails), as the authorization matrix does for a URL without a row.

Variants are data. When a page changes shape (keyset pagination instead of page numbers, a
search sent by POST), change its variant here; ``Fixtures`` (``prepare.py``) holds the objects
and numbers the variants use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

# Accounts, all of the largest municipality (``prepare.fixtures``, ``prepare.sessions``):
# ``anonymous`` has no session; ``enrolling`` has not set up its second factor yet;
# ``follow_up`` is a reporter's session after entering a receipt code; ``lead`` leads programme
# actions at a partner and has that role only.
Builder = Callable[[Any], Any]


@dataclass(frozen=True)
class Variant:
    label: str
    role: str
    kwargs: Builder | None = None
    query: Builder | Mapping[str, Any] | None = None
    method: str = "GET"
    # Form fields to POST (a builder of them); None posts an empty form.
    data: Builder | Mapping[str, Any] | None = None
    json: bool = False
    expect: int = 200
    # A fresh session or object for every request: the name of a pool ``prepare`` fills.
    pool: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


def _value(builder: Builder | Mapping[str, Any] | None, fx: Any) -> Any:
    return builder(fx) if callable(builder) else builder


def path_of(name: str, variant: Variant, fx: Any, kwargs: Mapping[str, Any] | None = None) -> str:
    """The variant's path with its query string, for the fixtures ``fx``."""
    path = reverse(name, kwargs=dict(kwargs or _value(variant.kwargs, fx) or {}) or None)
    query = _value(variant.query, fx)
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def data_of(variant: Variant, fx: Any) -> dict[str, Any]:
    return dict(_value(variant.data, fx) or {})


def get(label: str, role: str, **options: Any) -> Variant:
    return Variant(label, role, **options)


def post(label: str, role: str, expect: int = 422, **options: Any) -> Variant:
    """An empty (or given) form posted: by default the form's errors come back (422)."""
    return Variant(label, role, method="POST", expect=expect, **options)


def _case(fx: Any) -> dict[str, int]:
    return {"pk": fx.case.pk}


def _sandbox_case(fx: Any) -> dict[str, int]:
    return {"pk": fx.sandbox_case.pk}


def _closed_case(fx: Any) -> dict[str, int]:
    return {"pk": fx.closed_case.pk}


def _signals_due(fx: Any) -> dict[str, str]:
    return {"category": "signals"}


def _signal(fx: Any) -> dict[str, int]:
    return {"pk": fx.signal.pk}


def _meeting(fx: Any) -> dict[str, int]:
    return {"pk": fx.meeting.pk}


def _sandbox_meeting(fx: Any) -> dict[str, int]:
    return {"pk": fx.sandbox_meeting.pk}


def _item(fx: Any) -> dict[str, int]:
    return {"pk": fx.meeting.pk, "item_pk": fx.item.pk}


def _person(fx: Any) -> dict[str, int]:
    return {"pk": fx.person.pk}


def _pr(attribute: str) -> Builder:
    """The primary key of a programme fixture (``bench/programme.py``)."""
    return lambda fx: {"pk": getattr(fx.programme, attribute).pk}


def _this_year(fx: Any) -> dict[str, int]:
    return {"year": timezone.localdate().year}


def _page(attribute: str) -> Builder:
    return lambda fx: {"page": getattr(fx, attribute)}


CATALOGUE: dict[str, list[Variant]] = {
    # --- accounts ---------------------------------------------------------------------------
    "dashboard": [
        get("dashboard, coordinator", "coordinator"),
        get("dashboard, police (case table)", "police"),
        get("dashboard, analyst statistics", "analyst"),
        get("dashboard, data protection officer", "dpo"),
        get("dashboard, administrator", "admin"),
        get("dashboard, hub editor", "hubeditor"),
    ],
    "accounts:login": [
        get("login form, anonymous", "anonymous"),
        post(
            "login with password (hub editor, Argon2)",
            "anonymous",
            expect=302,
            data=lambda fx: {"username": fx.hubeditor.username, "password": fx.password},
        ),
    ],
    "accounts:logout": [post("logout", "coordinator", expect=302, pool="logout")],
    "accounts:two_factor_setup": [get("two-factor set-up (QR code)", "enrolling")],
    "accounts:user_list": [
        get("users, first page", "admin"),
        get("users, last page", "admin", query=_page("users_last_page")),
    ],
    "accounts:user_create": [
        get("new user form", "admin"),
        post("new user, empty form", "admin", expect=200),
    ],
    "accounts:user_edit": [
        get("user form", "admin", kwargs=lambda fx: {"pk": fx.users["police"].pk}),
        post(
            "user form, empty",
            "admin",
            expect=200,
            kwargs=lambda fx: {"pk": fx.users["police"].pk},
        ),
    ],
    "accounts:user_reset_two_factor": [
        post(
            "reset two-factor, no reason",
            "admin",
            expect=302,
            kwargs=lambda fx: {"pk": fx.users["police"].pk},
        )
    ],
    "accounts:organisation_list": [
        get("organisations, first page", "admin"),
        get("organisations, last page", "admin", query=_page("organisations_last_page")),
    ],
    "accounts:organisation_create": [
        get("new organisation form", "admin"),
        post("new organisation, empty form", "admin", expect=200),
    ],
    "accounts:organisation_edit": [
        get("organisation form", "admin", kwargs=lambda fx: {"pk": fx.police_org.pk}),
        post(
            "organisation form, empty",
            "admin",
            expect=200,
            kwargs=lambda fx: {"pk": fx.police_org.pk},
        ),
    ],
    # --- the reporting point ------------------------------------------------------------------
    "casework:public_report": [
        get("public report form, choose the municipality", "anonymous"),
        get(
            "public report form of a municipality",
            "anonymous",
            query=lambda fx: {"municipality": fx.municipality.pk},
        ),
        post("public report, empty form", "anonymous", expect=200),
    ],
    "casework:report_receipt": [get("receipt without a report", "anonymous", expect=302)],
    "casework:report_follow_up": [
        get("follow-up form", "anonymous"),
        post("follow-up, empty form", "anonymous", expect=200),
    ],
    "casework:report_status": [get("reporter's status page", "follow_up")],
    "casework:guide_start": [get("decision trees for reporters", "anonymous")],
    "casework:guide_tree": [
        get("decision tree start", "anonymous", kwargs=lambda fx: {"pk": fx.tree.pk}, expect=302)
    ],
    "casework:guide_step": [
        get(
            "decision tree step",
            "anonymous",
            kwargs=lambda fx: {"pk": fx.tree.pk, "node": fx.tree.start_id},
        )
    ],
    "casework:guide_answer": [
        get(
            "decision tree answer",
            "anonymous",
            kwargs=lambda fx: {"pk": fx.tree.pk, "answer": fx.answer.pk},
            expect=302,
        )
    ],
    "casework:guidance_list": [
        get("decision trees (coordinator)", "coordinator"),
        post("new decision tree, empty form", "coordinator", expect=200),
    ],
    "casework:guidance_edit": [
        get("decision tree editor", "coordinator", kwargs=lambda fx: {"pk": fx.tree.pk}),
        post("decision tree, empty form", "coordinator", kwargs=lambda fx: {"pk": fx.tree.pk}),
    ],
    "casework:guidance_step_edit": [
        get(
            "decision tree step form",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.tree.pk, "node": fx.tree.start_id},
        ),
        post(
            "decision tree step, empty form",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.tree.pk, "node": fx.tree.start_id},
        ),
    ],
    "casework:guidance_answer_edit": [
        get(
            "decision tree answer form",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.tree.pk, "answer": fx.answer.pk},
        ),
        post(
            "decision tree answer, empty form",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.tree.pk, "answer": fx.answer.pk},
        ),
    ],
    # --- signals and weighing -----------------------------------------------------------------
    "casework:signal_list": [
        get("signals, first page", "coordinator"),
        # Keyset pagination: the last page is a seek from the other end (``?page=last``).
        get("signals, last page", "coordinator", query={"page": "last"}),
        get("signals to weigh", "coordinator", query={"status": "to_weigh"}),
    ],
    "casework:signal_create": [
        get("partner report form", "coordinator"),
        post("partner report, empty form", "coordinator", expect=200),
    ],
    "casework:signal_register": [
        get("register a signal form", "coordinator"),
        post("register a signal, empty form", "coordinator", expect=200),
    ],
    "casework:signal_detail": [
        get("signal detail (admitted)", "coordinator", kwargs=_signal),
        get("signal detail (to weigh)", "coordinator", kwargs=lambda fx: {"pk": fx.new_signal.pk}),
    ],
    "casework:signal_weigh": [
        post("weighing, empty form", "coordinator", kwargs=lambda fx: {"pk": fx.new_signal.pk})
    ],
    "casework:signal_add": [post("add to a signal, empty form", "coordinator", kwargs=_signal)],
    "casework:criteria": [
        get("weighing criteria", "coordinator"),
        post("new criterion, empty form", "coordinator", expect=200),
    ],
    "casework:criterion_edit": [
        get("criterion form", "coordinator", kwargs=lambda fx: {"pk": fx.criterion.pk}),
        post(
            "criterion, empty form",
            "coordinator",
            expect=200,
            kwargs=lambda fx: {"pk": fx.criterion.pk},
        ),
    ],
    # --- cases --------------------------------------------------------------------------------
    "casework:case_list": [
        get("cases, first page", "coordinator"),
        get("cases, last page", "coordinator", query={"page": "last"}),
        get("cases in monitoring", "coordinator", query={"phase": "monitoring"}),
    ],
    "casework:case_detail": [
        get("case detail (richest case, coordinator)", "coordinator", kwargs=_case),
        get("case detail (richest case, police)", "police", kwargs=_case),
    ],
    "casework:case_move": [post("move case, empty form", "coordinator", kwargs=_case)],
    "casework:case_request_closure": [
        post("propose closing, empty form", "coordinator", kwargs=_case)
    ],
    "casework:case_decide_closure": [
        post("decide closing, empty form", "coordinator", kwargs=_case)
    ],
    "casework:case_reopen": [post("reopen, empty form", "coordinator", kwargs=_closed_case)],
    "casework:case_review": [
        post(
            "review, empty form",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.closed_case.pk, "review_pk": fx.review.pk},
        )
    ],
    "casework:case_manager": [
        get("case manager form, opened", "coordinator", kwargs=_case),
        post("case manager (sandbox case)", "coordinator", expect=302, kwargs=_sandbox_case),
    ],
    "casework:case_add_participant": [
        get("add participant form, opened", "coordinator", kwargs=_case),
        post("add participant, empty form", "coordinator", kwargs=_case),
    ],
    "casework:case_remove_participant": [
        post(
            "remove participant, empty form",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.case.pk, "participation_pk": fx.participation.pk},
        )
    ],
    "casework:case_concern": [post("concern, empty form", "coordinator", kwargs=_case)],
    # The case page's forms open from their own address (decision 0019): the ones with choices
    # drawn from the case or the municipality, opened; the rest only posted.
    "casework:case_note": [
        get("contribution form, opened", "coordinator", kwargs=_case),
        post("contribution, empty form", "coordinator", kwargs=_case),
    ],
    "casework:case_goal": [post("goal, empty form", "coordinator", kwargs=_case)],
    "casework:case_intervention": [
        get("new intervention form, opened", "coordinator", kwargs=_case),
        post("new intervention, empty form", "coordinator", kwargs=_case),
    ],
    "casework:intervention_edit": [
        get(
            "intervention form",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.case.pk, "intervention_pk": fx.intervention.pk},
        ),
        post(
            "intervention form, empty",
            "coordinator",
            expect=200,
            kwargs=lambda fx: {"pk": fx.case.pk, "intervention_pk": fx.intervention.pk},
        ),
    ],
    "casework:case_approve_plan": [
        post("approve plan (sandbox case)", "coordinator", expect=302, kwargs=_sandbox_case)
    ],
    "casework:case_assessment": [post("assessment, empty form", "coordinator", kwargs=_case)],
    "casework:case_attachment": [post("attachment, empty form", "coordinator", kwargs=_case)],
    "casework:attachment_download": [
        get(
            "attachment download",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.case.pk, "attachment_pk": fx.attachment.pk},
        )
    ],
    # --- persons ------------------------------------------------------------------------------
    "casework:person_search": [
        get("person search form", "coordinator"),
        get(
            "person search, name and date of birth",
            "coordinator",
            query=lambda fx: {"name": fx.person.name, "birth_date": fx.person.birth_date},
        ),
    ],
    "casework:person_detail": [get("person detail", "coordinator", kwargs=_person)],
    "casework:person_edit": [post("person, empty form", "coordinator", kwargs=_person)],
    "casework:person_relation": [post("related person, empty form", "coordinator", kwargs=_person)],
    # --- the case table -----------------------------------------------------------------------
    "casework:meeting_list": [
        get("meetings, first page", "coordinator"),
        get("meetings, last page", "coordinator", query={"page": "last"}),
    ],
    "casework:meeting_create": [
        get("new meeting form", "coordinator"),
        post("new meeting, empty form", "coordinator", expect=200),
    ],
    "casework:meeting_detail": [
        get("meeting detail (richest meeting, chair)", "coordinator", kwargs=_meeting),
        get("meeting detail (richest meeting, police)", "police", kwargs=_meeting),
    ],
    "casework:meeting_attendance": [
        get("attendance form, opened", "coordinator", kwargs=_meeting),
        post("attendance (sandbox meeting)", "coordinator", expect=302, kwargs=_sandbox_meeting),
    ],
    "casework:meeting_agenda": [post("agenda, empty form", "coordinator", kwargs=_meeting)],
    "casework:meeting_propose": [
        post("propose agenda (sandbox meeting)", "coordinator", expect=302, kwargs=_sandbox_meeting)
    ],
    "casework:meeting_minutes": [
        get("minutes (richest meeting)", "coordinator", kwargs=_meeting),
        get("minutes (richest meeting, police copy)", "police", kwargs=_meeting),
    ],
    "casework:my_actions": [
        get("my actions, first page", "coordinator"),
        get("my actions, last page", "coordinator", query={"page": "last"}),
    ],
    "casework:action_done": [
        post(
            "action done (done already)",
            "coordinator",
            expect=302,
            kwargs=lambda fx: {"pk": fx.done_action.pk},
        )
    ],
    "casework:action_reopen": [
        post(
            "action reopened (open already)",
            "coordinator",
            expect=302,
            kwargs=lambda fx: {"pk": fx.open_action.pk},
        )
    ],
    # --- the audit log ------------------------------------------------------------------------
    "audit:log": [
        get("audit log, first page", "dpo"),
        get("audit log, last page", "dpo", query={"page": "last"}),
        get(
            "audit log, older page (middle of the log)",
            "dpo",
            query=lambda fx: {"after": fx.audit_middle},
        ),
        get(
            "audit log, date range (30 days)",
            "dpo",
            query=lambda fx: {"since": fx.audit_since, "until": fx.audit_until},
        ),
        get("audit log, organisation", "dpo", query=lambda fx: {"organisation": fx.audit_org}),
        get("audit log, object label", "dpo", query=lambda fx: {"object_label": fx.audit_label}),
        get("audit log, user", "dpo", query=lambda fx: {"user": fx.users["coordinator"].username}),
        get("audit log, action", "dpo", query={"action": "casework.case.view"}),
        get("audit log, object id", "dpo", query=lambda fx: {"object_id": str(fx.case.pk)}),
        get("audit log, request id", "dpo", query=lambda fx: {"request_id": fx.audit_request}),
        get("audit log, denied", "dpo", query={"outcome": "denied"}),
    ],
    # --- the API ------------------------------------------------------------------------------
    "api:schema": [get("API schema (OpenAPI)", "anonymous")],
    "api:signal-list": [
        get("API signals, first page", "coordinator"),
        # A cursor page: the last one is the reversed cursor without a position ("r=1").
        get("API signals, last page", "coordinator", query={"cursor": "cj0x"}),
        post("API signal, empty body", "coordinator", expect=400, json=True),
    ],
    "api:signal-detail": [get("API signal", "coordinator", kwargs=_signal)],
    "api:case-list": [
        get("API cases, first page", "coordinator"),
        # A cursor page, as the signals' (decision: the API pages every list by cursor).
        get("API cases, last page", "coordinator", query={"cursor": "cj0x"}),
    ],
    "api:case-detail": [get("API case", "coordinator", kwargs=_case)],
    "api:case-move": [
        post("API move case, empty body", "coordinator", expect=400, kwargs=_case, json=True)
    ],
    "set_language": [
        post("choose language", "anonymous", expect=302, data={"language": "nl", "next": "/"})
    ],
    # --- privacy ------------------------------------------------------------------------------
    "privacy:retention": [
        get("retention preview (coordinator)", "coordinator"),
        get("retention preview (data protection officer)", "dpo"),
    ],
    "privacy:retention_due": [
        get("retention, all signals due, first page", "coordinator", kwargs=_signals_due),
        get(
            "retention, all signals due, a later page",
            "coordinator",
            kwargs=_signals_due,
            query={"page": "20"},
        ),
    ],
    "privacy:holds": [
        get("legal holds", "dpo"),
        post("legal hold, empty form", "dpo", expect=200),
    ],
    "privacy:hold_lift": [
        post("lift hold, no reason", "dpo", kwargs=lambda fx: {"pk": fx.hold.pk}),
    ],
    "privacy:register": [get("register of processing", "dpo")],
    "privacy:register_export": [get("register of processing, download", "dpo")],
    "privacy:subject_search": [
        get("subject search form", "dpo"),
        get(
            "subject search, name and date of birth",
            "dpo",
            query=lambda fx: {"name": fx.person.name, "birth_date": fx.person.birth_date},
        ),
    ],
    "privacy:subject_detail": [get("subject access (years of history)", "dpo", kwargs=_person)],
    "privacy:subject_export_json": [get("subject access export, JSON", "dpo", kwargs=_person)],
    "privacy:subject_export_pdf": [get("subject access export, PDF", "dpo", kwargs=_person)],
    "privacy:subject_rectify": [
        get("rectify form", "dpo", kwargs=_person),
        post("rectify, empty form", "dpo", kwargs=_person),
    ],
    "privacy:subject_erase": [
        get("erase form", "dpo", kwargs=_person),
        post("erase, empty form", "dpo", kwargs=_person),
    ],
    # --- the knowledge hub (10,000 documents) -------------------------------------------------
    "hub:home": [get("hub home", "hubeditor")],
    "hub:search": [
        get("hub search form", "hubeditor"),
        get("hub search, one word", "hubeditor", query={"q": "ouders"}),
        get("hub search, two words", "hubeditor", query={"q": "online propaganda"}),
        get("hub search, across languages", "hubeditor", query={"q": "parents"}),
        get("hub search, filtered", "hubeditor", query={"q": "school", "language": "nl"}),
        get("hub search, broadest word", "hubeditor", query=lambda fx: {"q": fx.broad_word}),
    ],
    "hub:compare": [
        get("compare cities", "hubeditor", query=lambda fx: {"city": fx.profile_slugs}),
    ],
    "hub:profile_list": [get("city profiles", "hubeditor")],
    "hub:profile_detail": [
        get("city profile", "hubeditor", kwargs=lambda fx: {"slug": fx.profile.slug})
    ],
    "hub:profile_create": [
        get("new profile form", "hubeditor"),
        post("new profile, empty form", "hubeditor"),
    ],
    "hub:profile_edit": [
        get("profile form", "hubeditor", kwargs=lambda fx: {"slug": fx.profile.slug}),
        post("profile, empty form", "hubeditor", kwargs=lambda fx: {"slug": fx.profile.slug}),
    ],
    "hub:profile_delete": [post("delete profile", "hubeditor", expect=302, pool="hub_profile")],
    "hub:practice_list": [get("practices", "hubeditor")],
    "hub:practice_detail": [get("practice", "hubeditor", kwargs=lambda fx: {"pk": fx.practice.pk})],
    "hub:practice_create": [
        get("new practice form", "hubeditor"),
        post("new practice, empty form", "hubeditor"),
    ],
    "hub:practice_edit": [
        get("practice form", "hubeditor", kwargs=lambda fx: {"pk": fx.practice.pk}),
        post("practice, empty form", "hubeditor", kwargs=lambda fx: {"pk": fx.practice.pk}),
    ],
    "hub:practice_delete": [post("delete practice", "hubeditor", expect=302, pool="hub_practice")],
    "hub:document_list": [
        get("documents, first page", "hubeditor"),
        get("documents, last page", "hubeditor", query=_page("documents_last_page")),
    ],
    "hub:document_detail": [get("document", "hubeditor", kwargs=lambda fx: {"pk": fx.document.pk})],
    "hub:document_edit": [
        get("document form", "hubeditor", kwargs=lambda fx: {"pk": fx.document.pk}),
        post("document, empty form", "hubeditor", kwargs=lambda fx: {"pk": fx.document.pk}),
    ],
    "hub:document_delete": [post("delete document", "hubeditor", expect=302, pool="hub_document")],
    "hub:import": [
        get("import form", "hubeditor"),
        post("import, empty form", "hubeditor"),
    ],
    "hub:import_confirm": [post("import save, nothing pending", "hubeditor", expect=302)],
    "hub:thesaurus": [get("thesaurus", "hubeditor")],
    "hub:concept_create": [
        get("new concept form", "hubeditor"),
        post("new concept, empty form", "hubeditor"),
    ],
    "hub:concept_edit": [
        get("concept form", "hubeditor", kwargs=lambda fx: {"pk": fx.concept.pk}),
        post("concept, empty form", "hubeditor", kwargs=lambda fx: {"pk": fx.concept.pk}),
    ],
    "hub:concept_delete": [post("delete concept", "hubeditor", expect=302, pool="hub_concept")],
    # --- trusted access, districts, statements and the prevention programme (issues 9, 12, 14A)
    # Accounts: single sign-on (not configured: 404), set-up links, four eyes, machine clients.
    "accounts:sso_start": [get("single sign-on start (not configured)", "anonymous", expect=404)],
    "accounts:sso_callback": [
        get("single sign-on callback (not configured)", "anonymous", expect=404)
    ],
    "accounts:setup": [
        get("set-up link form", "anonymous", kwargs=lambda fx: {"token": fx.setup_token}),
        post(
            "set-up link, empty form",
            "anonymous",
            expect=200,
            kwargs=lambda fx: {"token": fx.setup_token},
        ),
        get(
            "set-up link, unknown token",
            "anonymous",
            expect=404,
            kwargs=lambda fx: {"token": "not-a-token"},
        ),
    ],
    "accounts:user_setup_link": [
        post(
            "new set-up link, no reason",
            "admin",
            expect=302,
            kwargs=lambda fx: {"pk": fx.users["police"].pk},
        )
    ],
    "accounts:request_list": [get("access requests waiting (coordinator)", "coordinator")],
    "accounts:request_decide": [
        get("access request", "coordinator", kwargs=lambda fx: {"pk": fx.access_request.pk}),
        post(
            "access request, empty decision",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.access_request.pk},
        ),
    ],
    "accounts:client_list": [get("machine clients", "admin")],
    "accounts:client_create": [
        get("new machine client form", "admin"),
        post("new machine client, empty form", "admin"),
    ],
    "accounts:client_detail": [
        get("machine client", "admin", kwargs=lambda fx: {"pk": fx.client.pk})
    ],
    "accounts:client_token": [
        post(
            "client token, empty form",
            "admin",
            expect=302,
            kwargs=lambda fx: {"pk": fx.client.pk},
        )
    ],
    "accounts:client_revoke": [
        post(
            "revoke client, no reason",
            "admin",
            expect=302,
            kwargs=lambda fx: {"pk": fx.client.pk},
        )
    ],
    # Casework's districts and the statements everyone reads.
    "casework:district_list": [
        get("districts", "coordinator"),
        post("new district, empty form", "coordinator", expect=200),
    ],
    "casework:district_edit": [
        get("district form", "coordinator", kwargs=lambda fx: {"pk": fx.district.pk}),
        post(
            "district, empty form",
            "coordinator",
            expect=200,
            kwargs=lambda fx: {"pk": fx.district.pk},
        ),
    ],
    "ui:privacy": [get("privacy statement", "anonymous")],
    "ui:accessibility": [get("accessibility statement", "anonymous")],
    "ui:contact": [get("contact page", "anonymous")],
    # The prevention programme of the measured municipality (``bench/programme.py``), as its
    # coordinator keeps it and a lead ("trekker") of a partner reports on it.
    "programme:home": [
        get("programme: home", "coordinator"),
        get("programme: home, lead (to their actions)", "lead", expect=302),
    ],
    "programme:plan_create": [
        get("programme: new plan form", "coordinator"),
        post("programme: new plan, empty form", "coordinator"),
    ],
    "programme:plan_import": [
        get("programme: plan from the hub, choose", "coordinator"),
        post("programme: plan from the hub, empty form", "coordinator"),
    ],
    "programme:plan_import_review": [
        get("programme: draft plan from a hub document", "coordinator", kwargs=_pr("document")),
        post("programme: draft plan, empty form", "coordinator", kwargs=_pr("document")),
    ],
    "programme:plan_detail": [
        get("programme: action plan", "coordinator", kwargs=_pr("plan")),
        get(
            "programme: action plan, actions as xlsx",
            "coordinator",
            kwargs=_pr("plan"),
            query={"format": "xlsx"},
        ),
    ],
    "programme:plan_edit": [
        get("programme: plan form", "coordinator", kwargs=_pr("plan")),
        post("programme: plan, empty form", "coordinator", kwargs=_pr("plan")),
    ],
    "programme:theme_create": [
        get("programme: new theme form", "coordinator", kwargs=_pr("plan")),
        post("programme: new theme, empty form", "coordinator", kwargs=_pr("plan")),
    ],
    "programme:by_organisation": [
        get("programme: actions per organisation", "coordinator", kwargs=_pr("plan")),
        get(
            "programme: actions of one organisation",
            "coordinator",
            kwargs=_pr("plan"),
            query=lambda fx: {"organisation": fx.municipality.pk},
        ),
    ],
    "programme:timeline": [get("programme: timeline", "coordinator", kwargs=_pr("plan"))],
    "programme:risk_create": [
        get("programme: new risk form", "coordinator", kwargs=_pr("plan")),
        post("programme: new risk, empty form", "coordinator", kwargs=_pr("plan")),
    ],
    "programme:budget": [
        get("programme: budget", "coordinator", kwargs=_pr("plan")),
        get(
            "programme: budget, one year",
            "coordinator",
            kwargs=_pr("plan"),
            query=lambda fx: {"year": fx.programme.plan.first_year},
        ),
    ],
    "programme:budget_line_create": [
        get("programme: new budget line form", "coordinator", kwargs=_pr("plan")),
        post("programme: new budget line, empty form", "coordinator", kwargs=_pr("plan")),
    ],
    "programme:theme_detail": [
        get("programme: theme", "coordinator", kwargs=_pr("theme")),
        get(
            "programme: theme, last page of its actions",
            "coordinator",
            kwargs=_pr("theme"),
            query={"page": "last"},
        ),
    ],
    "programme:theme_edit": [
        get("programme: theme form", "coordinator", kwargs=_pr("theme")),
        post("programme: theme, empty form", "coordinator", kwargs=_pr("theme")),
    ],
    "programme:goal_create": [
        post("programme: new goal, empty form", "coordinator", kwargs=_pr("theme"))
    ],
    "programme:action_create": [
        get("programme: new action form", "coordinator", kwargs=_pr("theme")),
        post("programme: new action, empty form", "coordinator", kwargs=_pr("theme")),
    ],
    "programme:my_actions": [
        get("programme: our actions, coordinator", "coordinator"),
        get("programme: my actions, lead", "lead"),
    ],
    "programme:action_detail": [
        get("programme: action, coordinator", "coordinator", kwargs=_pr("action")),
        get("programme: action, its lead", "lead", kwargs=_pr("lead_action")),
    ],
    "programme:action_edit": [
        get("programme: action form", "coordinator", kwargs=_pr("action")),
        post("programme: action, empty form", "coordinator", kwargs=_pr("action")),
    ],
    "programme:action_progress": [
        post("programme: progress, empty form (coordinator)", "coordinator", kwargs=_pr("action")),
        post("programme: progress, empty form (lead)", "lead", kwargs=_pr("lead_action")),
    ],
    "programme:action_criteria": [
        post(
            "programme: criteria checked (sandbox action)",
            "coordinator",
            expect=302,
            kwargs=_pr("sandbox_action"),
        )
    ],
    "programme:criteria": [
        get("programme: criteria", "coordinator"),
        post("programme: new criterion, empty form", "coordinator"),
    ],
    "programme:criterion_edit": [
        get("programme: criterion form", "coordinator", kwargs=_pr("criterion")),
        post("programme: criterion, empty form", "coordinator", kwargs=_pr("criterion")),
    ],
    "programme:risk_edit": [
        get("programme: risk form", "coordinator", kwargs=_pr("risk")),
        post("programme: risk, empty form", "coordinator", kwargs=_pr("risk")),
    ],
    "programme:budget_line_detail": [
        get("programme: budget line with spending", "coordinator", kwargs=_pr("line"))
    ],
    "programme:budget_line_edit": [
        get("programme: budget line form", "coordinator", kwargs=_pr("line")),
        post("programme: budget line, empty form", "coordinator", kwargs=_pr("line")),
    ],
    "programme:spending_create": [
        post("programme: spending, empty form", "coordinator", kwargs=_pr("line"))
    ],
    "programme:contacts": [
        get("programme: contact persons, first page", "coordinator"),
        get(
            "programme: contact persons, last page",
            "coordinator",
            query={"page": "last"},
        ),
        get("programme: designated officers", "coordinator", query={"officers": "1"}),
        get("programme: contact persons as csv", "coordinator", query={"format": "csv"}),
    ],
    "programme:contact_create": [
        get("programme: new contact person form", "coordinator"),
        post("programme: new contact person, empty form", "coordinator"),
    ],
    "programme:contact_edit": [
        get("programme: contact person form", "coordinator", kwargs=_pr("contact")),
        post("programme: contact person, empty form", "coordinator", kwargs=_pr("contact")),
    ],
    "programme:key_figures": [get("programme: key figures", "coordinator")],
    "programme:key_figure_create": [
        get("programme: new key figure form", "coordinator"),
        post("programme: new key figure, empty form", "coordinator"),
    ],
    "programme:key_figure_edit": [
        get("programme: key figure form", "coordinator", kwargs=_pr("key_figure")),
        post("programme: key figure, empty form", "coordinator", kwargs=_pr("key_figure")),
    ],
    "programme:key_figure_withdraw": [
        post("programme: withdraw consent, empty form", "coordinator", kwargs=_pr("key_figure"))
    ],
    "programme:districts": [
        get("programme: district networks", "coordinator"),
        post("programme: new district network, empty form", "coordinator"),
    ],
    "programme:district_detail": [
        get("programme: district network", "coordinator", kwargs=_pr("network"))
    ],
    "programme:district_members": [
        get("programme: district members form", "coordinator", kwargs=_pr("network")),
        post(
            "programme: district members (sandbox network)",
            "coordinator",
            expect=302,
            kwargs=_pr("sandbox_network"),
        ),
    ],
    "programme:district_meeting": [
        post("programme: district meeting, empty form", "coordinator", kwargs=_pr("network"))
    ],
    "programme:trained": [get("programme: who is trained", "coordinator")],
    "programme:trainings": [get("programme: trainings", "coordinator")],
    "programme:training_create": [
        get("programme: new training form", "coordinator"),
        post("programme: new training, empty form", "coordinator"),
    ],
    "programme:training_detail": [
        get("programme: training", "coordinator", kwargs=_pr("training"))
    ],
    "programme:training_edit": [
        get("programme: training form", "coordinator", kwargs=_pr("training")),
        post("programme: training, empty form", "coordinator", kwargs=_pr("training")),
    ],
    "programme:session_create": [
        post("programme: new session, empty form", "coordinator", kwargs=_pr("training"))
    ],
    "programme:session_detail": [
        get("programme: session with participants", "coordinator", kwargs=_pr("session"))
    ],
    "programme:session_participant": [
        post("programme: participant, empty form", "coordinator", kwargs=_pr("session"))
    ],
    "programme:session_headcount": [
        post("programme: headcount, empty form", "coordinator", kwargs=_pr("session"))
    ],
    "programme:session_evaluation": [
        post("programme: evaluation, empty form", "coordinator", kwargs=_pr("session"))
    ],
    "programme:events": [get("programme: events", "coordinator")],
    "programme:event_create": [
        get("programme: new event form", "coordinator"),
        post("programme: new event, empty form", "coordinator"),
    ],
    "programme:event_detail": [get("programme: event", "coordinator", kwargs=_pr("event"))],
    "programme:event_item": [
        post("programme: programme item, empty form", "coordinator", kwargs=_pr("event"))
    ],
    "programme:outreach": [get("programme: school and parent programmes", "coordinator")],
    "programme:outreach_create": [
        get("programme: new school programme form", "coordinator"),
        post("programme: new school programme, empty form", "coordinator"),
    ],
    "programme:outreach_detail": [
        get("programme: school programme", "coordinator", kwargs=_pr("outreach"))
    ],
    "programme:outreach_delivery": [
        post("programme: delivery, empty form", "coordinator", kwargs=_pr("outreach"))
    ],
    "programme:communication": [
        get("programme: communication, first page", "coordinator"),
        get(
            "programme: communication, last page",
            "coordinator",
            query={"page": "last"},
        ),
    ],
    "programme:moment_create": [
        get("programme: new communication moment form", "coordinator"),
        post("programme: new communication moment, empty form", "coordinator"),
    ],
    "programme:moment_edit": [
        get("programme: communication moment form", "coordinator", kwargs=_pr("moment")),
        post("programme: communication moment, empty form", "coordinator", kwargs=_pr("moment")),
    ],
    "programme:dialogues": [get("programme: dialogue meetings", "coordinator")],
    "programme:dialogue_create": [
        get("programme: new dialogue meeting form", "coordinator"),
        post("programme: new dialogue meeting, empty form", "coordinator"),
    ],
    "programme:responses": [get("programme: responses", "coordinator")],
    "programme:response_create": [
        get("programme: new response form", "coordinator"),
        post("programme: new response, empty form", "coordinator"),
    ],
    "programme:numbers": [
        get("programme: in numbers, coordinator", "coordinator"),
        get("programme: in numbers, analyst", "analyst"),
        get("programme: in numbers as csv", "analyst", query={"format": "csv"}),
    ],
    # reports: the yearly account
    "reports:account": [
        get("yearly account, this year", "coordinator", kwargs=_this_year),
        get("yearly account, analyst", "analyst", kwargs=_this_year),
        get("council update, first half", "coordinator", kwargs=_this_year, query={"period": "H1"}),
        get("council update, a quarter", "analyst", kwargs=_this_year, query={"period": "Q3"}),
        get("yearly account as JSON", "analyst", kwargs=_this_year, query={"format": "json"}),
        get("yearly account as PDF", "coordinator", kwargs=_this_year, query={"format": "pdf"}),
        get("yearly account as DOCX", "coordinator", kwargs=_this_year, query={"format": "docx"}),
        get(
            "yearly account table as XLSX",
            "analyst",
            kwargs=_this_year,
            query={"format": "xlsx", "table": "signals_by_channel"},
        ),
    ],
    "reports:account_texts": [
        get("account texts form", "coordinator", kwargs=_this_year),
        post("account texts, empty form", "coordinator", kwargs=_this_year),
    ],
    # Pages for daily work (issue 14): the agenda item's one form.
    "casework:item_record": [
        get("agenda item form, opened", "coordinator", kwargs=_item),
        post("agenda item, empty form", "coordinator", kwargs=_item),
    ],
    # casework: second round (issue 11)
    "casework:case_travel": [post("travel status, empty form", "coordinator", kwargs=_case)],
    "casework:case_informing": [post("informing, empty form", "coordinator", kwargs=_case)],
    "casework:case_link": [post("case link, empty form", "coordinator", kwargs=_case)],
    "casework:case_transfer": [
        get("case transfer form, opened", "coordinator", kwargs=_case),
        post("case transfer, empty form", "coordinator", kwargs=_case),
    ],
    "casework:case_hand_over": [post("hand-over, empty form", "coordinator", kwargs=_case)],
    "casework:referral_list": [get("referrals to the organisation", "police")],
    "casework:referral_detail": [
        get("referral, not found", "police", kwargs={"pk": 0}, expect=404)
    ],
    "casework:referral_overview": [get("open referrals", "coordinator")],
    "casework:signal_feedback": [
        post(
            "feedback to the reporter, empty form",
            "coordinator",
            kwargs=lambda fx: {"pk": fx.new_signal.pk},
        )
    ],
    "casework:transfer_list": [get("transfers of cases", "coordinator")],
    "casework:transfer_detail": [
        get("transfer, not found", "coordinator", kwargs={"pk": 0}, expect=404)
    ],
    "casework:transfer_withdraw": [
        post("transfer withdrawal, not found", "coordinator", kwargs={"pk": 0}, expect=404)
    ],
    # Experts and providers (issue 11, point 4): the register, an order, the expert's pages.
    "casework:expert_list": [
        get("experts and providers", "coordinator"),
        post("new expert, empty form", "coordinator", expect=200),
    ],
    "casework:expert_edit": [
        get("expert form", "coordinator", kwargs=lambda fx: {"pk": fx.expert_order.expert_id}),
        post(
            "expert, empty form",
            "coordinator",
            expect=200,
            kwargs=lambda fx: {"pk": fx.expert_order.expert_id},
        ),
    ],
    "casework:case_order": [
        get("order to an expert form, opened", "coordinator", kwargs=_case),
        post("order to an expert, empty form", "coordinator", kwargs=_case),
    ],
    "casework:order_list": [get("orders of the expert", "expert")],
    "casework:order_detail": [
        get("order, as its expert", "expert", kwargs=lambda fx: {"pk": fx.expert_order.pk}),
        post("order report, empty form", "expert", kwargs=lambda fx: {"pk": fx.expert_order.pk}),
    ],
    "casework:order_withdraw": [
        post("order withdrawal, not found", "coordinator", kwargs={"pk": 0}, expect=404)
    ],
}

# The floor: a trivial page for a logged-in user through the same middleware and server, timed
# next to every page in the same rounds.
FLOOR_NAME = "accounts:login"
FLOOR = Variant("floor: login form, logged in", "coordinator")


def _names(patterns: list[Any], namespace: str | None = None) -> list[str]:
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += _names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def url_names() -> list[str]:
    """Every named URL of the URL conf."""
    return sorted(set(_names(get_resolver().url_patterns)))


def missing_urls() -> tuple[list[str], list[str]]:
    """(URLs without a variant, variants of URLs that do not exist)."""
    names = set(url_names())
    return sorted(names - set(CATALOGUE)), sorted(set(CATALOGUE) - names)
