"""Every URL x every role, generated from the URL conf: a URL without an entry fails the suite.

``GET`` is what a user gets opening the page; ``POST`` (for the URLs that change state) is what a
user gets submitting an empty form. 404 is "not found or not yours"; 403 "your roles do not
allow this"; 302 a redirect (to the login page for anonymous visitors).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samen.casework.models import CaseTransfer, Review
from samen.casework.tests.factories import World, expert_order, referred_signal
from samen.conftest import login
from samen.hub.tests.authorization import (
    HUB_MATRIX,
    matrix_concept,
    matrix_document,
    matrix_practice,
    matrix_profile,
)
from samen.privacy.tests.authorization import PRIVACY_MATRIX
from samen.privacy.tests.authorization_subject import SUBJECT_MATRIX
from samen.programme.tests.authorization import PROGRAMME_MATRIX, scene
from samen.reports.tests.authorization import REPORTS_MATRIX
from samen.ui.tests.authorization import UI_MATRIX

# "admin_elsewhere", the administrator of the other municipality, gets what the administrator
# gets unless a row names it: 404 on this municipality's users, organisations, requests and
# clients (regions).
BASE_ACTORS = [
    "anonymous",
    "reporter",
    "advisor",
    "weighing_team",
    "case_table_member",
    "outsider",
    "case_manager",
    "chair",
    "analyst",
    "administrator",
    "dpo",
    "elsewhere",
    "lead",
    "expert",
]
ACTORS = [*BASE_ACTORS, "admin_elsewhere"]
SIGNALS = {"advisor", "weighing_team"}
CASES = {"case_table_member", "case_manager", "chair"}
MEETINGS = {"case_table_member", "outsider", "case_manager", "chair"}
MANAGERS = {"case_manager"}


def case_change(
    allowed: set[str], post_status: int = 422
) -> tuple[Any, dict[str, int], dict[str, int]]:
    """A change on the world's case: its empty form on GET (decision 0019), 404 for those who
    cannot see the case."""
    return (
        lambda w: {"pk": w.case.pk},
        only(allowed, 200, elsewhere=404),
        only(allowed, post_status, elsewhere=404),
    )


def only(
    allowed: set[str], ok: int, *, elsewhere: int | None = None, other: int = 403
) -> dict[str, int]:
    """``ok`` for the allowed actors, 302 for anonymous, ``other`` for the rest."""
    result = {actor: (ok if actor in allowed else other) for actor in BASE_ACTORS}
    result["anonymous"] = 302
    if elsewhere is not None:
        result["elsewhere"] = elsewhere
    return result


def everyone(status: int, anonymous: int | None = None) -> dict[str, int]:
    result = dict.fromkeys(BASE_ACTORS, status)
    if anonymous is not None:
        result["anonymous"] = anonymous
    return result


# url name -> (kwargs builder, GET expectations, POST expectations or None)
MATRIX: dict[str, tuple[Any, dict[str, int], dict[str, int] | None]] = {
    "dashboard": (None, everyone(200, anonymous=302), None),
    "accounts:login": (None, everyone(200), None),
    "accounts:logout": (None, everyone(405), everyone(302)),
    "accounts:two_factor_setup": (None, everyone(302), None),
    "accounts:sso_start": (None, everyone(404), None),
    "accounts:sso_callback": (None, everyone(404), None),
    "accounts:setup": (lambda w: {"token": "not-a-token"}, everyone(404), everyone(404)),
    "accounts:user_list": (None, only({"administrator"}, 200), None),
    "accounts:user_create": (None, only({"administrator"}, 200), only({"administrator"}, 200)),
    "accounts:user_edit": (
        lambda w: {"pk": w.users["reporter"].pk},
        {**only({"administrator"}, 200), "admin_elsewhere": 404},
        {**only({"administrator"}, 200), "admin_elsewhere": 404},
    ),
    "accounts:user_reset_two_factor": (
        lambda w: {"pk": w.users["reporter"].pk},
        only({"administrator"}, 405),
        {**only({"administrator"}, 302), "admin_elsewhere": 404},
    ),
    "accounts:user_setup_link": (
        lambda w: {"pk": w.users["reporter"].pk},
        only({"administrator"}, 405),
        {**only({"administrator"}, 302), "admin_elsewhere": 404},
    ),
    "accounts:request_list": (None, only({"administrator", "chair"}, 200, elsewhere=200), None),
    "accounts:request_decide": (
        lambda w: {"pk": w.access_request.pk},
        {**only({"administrator", "chair"}, 200, elsewhere=404), "admin_elsewhere": 404},
        {**only({"administrator", "chair"}, 422, elsewhere=404), "admin_elsewhere": 404},
    ),
    "accounts:client_list": (None, only({"administrator"}, 200), None),
    "accounts:client_create": (None, only({"administrator"}, 200), only({"administrator"}, 422)),
    "accounts:client_detail": (
        lambda w: {"pk": w.api_client.pk},
        {**only({"administrator"}, 200), "admin_elsewhere": 404},
        None,
    ),
    "accounts:client_token": (
        lambda w: {"pk": w.api_client.pk},
        only({"administrator"}, 405),
        {**only({"administrator"}, 302), "admin_elsewhere": 404},
    ),
    "accounts:client_revoke": (
        lambda w: {"pk": w.api_client.pk},
        only({"administrator"}, 405),
        {**only({"administrator"}, 302), "admin_elsewhere": 404},
    ),
    "accounts:organisation_list": (None, only({"administrator"}, 200), None),
    "accounts:organisation_create": (
        None,
        only({"administrator"}, 200),
        only({"administrator"}, 200),
    ),
    "accounts:organisation_edit": (
        lambda w: {"pk": w.police.pk},
        {**only({"administrator"}, 200), "admin_elsewhere": 404},
        {**only({"administrator"}, 200), "admin_elsewhere": 404},
    ),
    "casework:public_report": (None, everyone(200), everyone(200)),
    "casework:report_receipt": (None, everyone(302), None),
    "casework:report_follow_up": (None, everyone(200), everyone(200)),
    "casework:report_status": (None, everyone(302), everyone(302)),
    "casework:signal_register": (
        None,
        only(SIGNALS, 200, elsewhere=200),
        only(SIGNALS, 200, elsewhere=200),
    ),
    "casework:signal_add": (
        lambda w: {"pk": w.signal.pk},
        only(SIGNALS, 405, elsewhere=405),
        only(SIGNALS, 422, elsewhere=404),
    ),
    "casework:criteria": (
        None,
        only({"chair"}, 200, elsewhere=200),
        only({"chair"}, 200, elsewhere=200),
    ),
    "casework:criterion_edit": (
        lambda w: {"pk": w.criterion.pk},
        only({"chair"}, 200, elsewhere=404),
        only({"chair"}, 200, elsewhere=404),
    ),
    "casework:district_list": (
        None,
        only({"chair"}, 200, elsewhere=200),
        only({"chair"}, 200, elsewhere=200),
    ),
    "casework:district_edit": (
        lambda w: {"pk": w.district.pk},
        only({"chair"}, 200, elsewhere=404),
        only({"chair"}, 200, elsewhere=404),
    ),
    "casework:guide_start": (None, everyone(200), None),
    "casework:guide_tree": (lambda w: {"pk": w.tree.pk}, everyone(302), None),
    "casework:guide_step": (
        lambda w: {"pk": w.tree.pk, "node": w.tree.start_id},
        everyone(200),
        None,
    ),
    "casework:guide_answer": (
        lambda w: {"pk": w.tree.pk, "answer": w.answer.pk},
        everyone(302),
        None,
    ),
    "casework:guidance_list": (
        None,
        only({"chair"}, 200, elsewhere=200),
        only({"chair"}, 200, elsewhere=200),
    ),
    "casework:guidance_edit": (
        lambda w: {"pk": w.tree.pk},
        only({"chair"}, 200, elsewhere=404),
        only({"chair"}, 422, elsewhere=404),
    ),
    "casework:guidance_step_edit": (
        lambda w: {"pk": w.tree.pk, "node": w.tree.start_id},
        only({"chair"}, 200, elsewhere=404),
        only({"chair"}, 422, elsewhere=404),
    ),
    "casework:guidance_answer_edit": (
        lambda w: {"pk": w.tree.pk, "answer": w.answer.pk},
        only({"chair"}, 200, elsewhere=404),
        only({"chair"}, 422, elsewhere=404),
    ),
    "casework:signal_list": (None, only(SIGNALS, 200, elsewhere=200), None),
    "casework:signal_create": (
        None,
        only({"reporter", "advisor"}, 200, elsewhere=200),
        only({"reporter", "advisor"}, 200, elsewhere=200),
    ),
    "casework:signal_detail": (
        lambda w: {"pk": w.signal.pk},
        only(SIGNALS, 200, elsewhere=404),
        None,
    ),
    "casework:signal_weigh": (
        lambda w: {"pk": w.signal.pk},
        only({"weighing_team"}, 405, elsewhere=405),
        only({"weighing_team"}, 422, elsewhere=404),
    ),
    "casework:case_list": (None, only(CASES | {"outsider"}, 200, elsewhere=200), None),
    "casework:case_detail": (
        lambda w: {"pk": w.case.pk},
        {**only(CASES | {"outsider"}, 200, elsewhere=404), "outsider": 404},
        None,
    ),
    "casework:case_move": case_change(MANAGERS),
    "casework:case_request_closure": case_change(MANAGERS),
    "casework:case_decide_closure": case_change({"chair"}),
    "casework:case_reopen": case_change({"chair", "case_manager"}),
    "casework:case_review": (
        # An open review of the case (a failed form names the review it was for).
        lambda w: {
            "pk": w.case.pk,
            "review_pk": Review.objects.get_or_create(case=w.case, due_on=date(2030, 1, 1))[0].pk,
        },
        only({"chair", "case_manager"}, 200, elsewhere=404),
        only({"chair", "case_manager"}, 422, elsewhere=404),
    ),
    "casework:case_manager": case_change(MANAGERS, 302),
    "casework:case_add_participant": case_change(MANAGERS),
    "casework:case_remove_participant": (
        lambda w: {
            "pk": w.case.pk,
            "participation_pk": w.case.participations.get(organisation=w.police).pk,
        },
        only(MANAGERS, 200, elsewhere=404),
        only(MANAGERS, 422, elsewhere=404),
    ),
    "casework:case_concern": case_change(MANAGERS),
    "casework:case_note": (
        lambda w: {"pk": w.case.pk},
        {**only(CASES | {"outsider"}, 200, elsewhere=404), "outsider": 404},
        {**only(CASES | {"outsider"}, 422, elsewhere=404), "outsider": 404},
    ),
    "casework:case_goal": case_change(MANAGERS),
    "casework:case_intervention": case_change(MANAGERS),
    "casework:intervention_edit": (
        lambda w: {"pk": w.case.pk, "intervention_pk": w.intervention.pk},
        only(MANAGERS, 200, elsewhere=404),
        only(MANAGERS, 200, elsewhere=404),
    ),
    "casework:case_approve_plan": case_change({"chair", "case_manager"}, 302),
    "casework:case_assessment": (
        lambda w: {"pk": w.case.pk},
        {**only(CASES | {"outsider"}, 200, elsewhere=404), "outsider": 404},
        {**only(CASES | {"outsider"}, 422, elsewhere=404), "outsider": 404},
    ),
    "casework:case_attachment": (
        lambda w: {"pk": w.case.pk},
        {**only(CASES | {"outsider"}, 200, elsewhere=404), "outsider": 404},
        {**only(CASES | {"outsider"}, 422, elsewhere=404), "outsider": 404},
    ),
    "casework:attachment_download": (
        lambda w: {"pk": w.case.pk, "attachment_pk": w.attachment.pk},
        {**only(CASES | {"outsider"}, 200, elsewhere=404), "outsider": 404},
        None,
    ),
    "casework:person_search": (
        None,
        only(CASES | {"outsider"}, 200, elsewhere=200),
        only(CASES | {"outsider"}, 422, elsewhere=422),
    ),
    "casework:person_detail": (
        lambda w: {"pk": w.case.person_id},
        {**only(CASES | {"outsider"}, 200, elsewhere=404), "outsider": 404},
        None,
    ),
    "casework:person_edit": (
        lambda w: {"pk": w.case.person_id},
        only(MANAGERS, 405, elsewhere=405),
        only(MANAGERS, 422, elsewhere=404),
    ),
    "casework:person_relation": (
        lambda w: {"pk": w.case.person_id},
        only(MANAGERS, 405, elsewhere=405),
        only(MANAGERS, 422, elsewhere=404),
    ),
    "casework:meeting_list": (None, only(MEETINGS, 200, elsewhere=200), None),
    "casework:meeting_create": (
        None,
        only({"chair"}, 200, elsewhere=200),
        only({"chair"}, 200, elsewhere=200),
    ),
    "casework:meeting_detail": (
        lambda w: {"pk": w.meeting.pk},
        only(MEETINGS, 200, elsewhere=404),
        None,
    ),
    "casework:meeting_attendance": (
        lambda w: {"pk": w.meeting.pk},
        only({"chair"}, 200, elsewhere=404),
        only({"chair"}, 302, elsewhere=404),
    ),
    "casework:meeting_agenda": (
        lambda w: {"pk": w.meeting.pk},
        only({"chair"}, 405, elsewhere=405),
        only({"chair"}, 422, elsewhere=404),
    ),
    "casework:item_record": (
        lambda w: {"pk": w.meeting.pk, "item_pk": w.item.pk},
        only({"chair"}, 200, elsewhere=404),
        only({"chair"}, 422, elsewhere=404),
    ),
    "casework:meeting_propose": (
        lambda w: {"pk": w.meeting.pk},
        only({"chair"}, 405, elsewhere=405),
        only({"chair"}, 302, elsewhere=404),
    ),
    "casework:meeting_minutes": (
        lambda w: {"pk": w.meeting.pk},
        only(MEETINGS, 200, elsewhere=404),
        None,
    ),
    "casework:my_actions": (None, only(CASES | {"outsider"}, 200, elsewhere=200), None),
    "casework:action_done": (
        lambda w: {"pk": 1},
        only(CASES | {"outsider"}, 405, elsewhere=405),
        only(CASES | {"outsider"}, 404, elsewhere=404),
    ),
    "casework:action_reopen": (
        lambda w: {"pk": 1},
        only(CASES | {"outsider"}, 405, elsewhere=405),
        only(CASES | {"outsider"}, 404, elsewhere=404),
    ),
    "audit:log": (None, only({"dpo"}, 200), None),
    "api:schema": (None, everyone(200), None),
    "api:signal-list": (
        None,
        {**only(SIGNALS, 200, elsewhere=200), "anonymous": 401},
        {**only({"reporter", "advisor"}, 415, elsewhere=415), "anonymous": 401},
    ),
    "api:case-move": (
        lambda w: {"pk": w.case.pk},
        {**only(CASES | {"outsider"}, 405, elsewhere=405), "anonymous": 401},
        {**only(MANAGERS, 415, elsewhere=404), "anonymous": 401},
    ),
    "api:signal-detail": (
        lambda w: {"pk": w.signal.pk},
        {**only(SIGNALS, 200, elsewhere=404), "anonymous": 401},
        None,
    ),
    "api:case-list": (
        None,
        {**only(CASES | {"outsider"}, 200, elsewhere=200), "anonymous": 401},
        None,
    ),
    "api:case-detail": (
        lambda w: {"pk": w.case.pk},
        {**only(CASES | {"outsider"}, 200, elsewhere=404), "outsider": 404, "anonymous": 401},
        None,
    ),
    "set_language": (None, everyone(302), everyone(302)),
}
MATRIX.update(HUB_MATRIX)
MATRIX.update(PRIVACY_MATRIX)
MATRIX.update(SUBJECT_MATRIX)
MATRIX.update(UI_MATRIX)
MATRIX.update(PROGRAMME_MATRIX)
MATRIX.update(REPORTS_MATRIX)
# casework: second round (issue 11)
MATRIX.update(
    {
        "casework:case_travel": case_change(MANAGERS),
        "casework:case_informing": case_change(MANAGERS),
        "casework:case_link": case_change(MANAGERS),
        "casework:case_hand_over": case_change(MANAGERS),
        # Referrals: the world's referral goes to GGZ, the outsider's organisation.
        "casework:referral_list": (None, only(CASES | {"outsider"}, 200, elsewhere=200), None),
        "casework:referral_detail": (
            lambda w: {"pk": referred_signal(w).pk},
            {**only(CASES | {"outsider"}, 404, elsewhere=404), "outsider": 200},
            {**only(CASES | {"outsider"}, 404, elsewhere=404), "outsider": 422},
        ),
        "casework:referral_overview": (None, only({"weighing_team"}, 200, elsewhere=200), None),
        "casework:signal_feedback": (
            lambda w: {"pk": w.weighed_signal.pk},
            only({"weighing_team"}, 405, elsewhere=405),
            only({"weighing_team"}, 422, elsewhere=404),
        ),
        # Transfer to another municipality: the coordinator of the directing municipality
        # ("chair", of the municipality itself) proposes; the pending transfer goes to the other
        # municipality, whose coordinator ("elsewhere") sees and decides it. The sender may see
        # it and withdraw it, not decide it.
        "casework:case_transfer": case_change({"chair"}),
        "casework:transfer_list": (None, only({"chair"}, 200, elsewhere=200), None),
        "casework:transfer_detail": (
            lambda w: {"pk": pending_transfer(w).pk},
            only({"chair"}, 200, elsewhere=200),
            {**only(set(), 403, elsewhere=422), "chair": 404},
        ),
        "casework:transfer_withdraw": (
            lambda w: {"pk": pending_transfer(w).pk},
            only({"chair"}, 405, elsewhere=405),
            only({"chair"}, 302, elsewhere=404),
        ),
        # Experts and providers: the coordinator ("chair", of the municipality itself) keeps the
        # register; the case manager and the coordinator order on the case and withdraw; the
        # expert ("expert", role expert only) sees their open order and delivers the report
        # there, nothing else (expiry and withdrawal: casework/tests/test_experts.py).
        "casework:expert_list": (
            None,
            only({"chair"}, 200, elsewhere=200),
            only({"chair"}, 200, elsewhere=200),
        ),
        "casework:expert_edit": (
            lambda w: {"pk": expert_order(w).expert_id},
            only({"chair"}, 200, elsewhere=404),
            only({"chair"}, 200, elsewhere=404),
        ),
        "casework:case_order": case_change({"chair", "case_manager"}),
        "casework:order_list": (None, only({"expert"}, 200), None),
        "casework:order_detail": (
            lambda w: {"pk": expert_order(w).pk},
            only({"expert"}, 200),
            only({"expert"}, 422),
        ),
        "casework:order_withdraw": (
            lambda w: {"pk": expert_order(w).pk},
            only({"chair", "case_manager"}, 405, elsewhere=405),
            only({"chair", "case_manager"}, 302, elsewhere=404),
        ),
    }
)


def pending_transfer(world: World) -> CaseTransfer:
    """The world's case proposed to the other municipality (made inside the test's savepoint,
    so each test starts from none)."""
    return CaseTransfer.objects.pending().filter(case=world.case).first() or (
        CaseTransfer.objects.create(
            case=world.case,
            from_municipality=world.municipality,
            to_municipality=world.other_municipality,
            reason="Verhuisd",
            proposed_by=world.users["chair"],
        )
    )


def _names(patterns: list[Any], namespace: str | None = None) -> list[str]:
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += _names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


ALL_URL_NAMES = sorted(set(_names(get_resolver().url_patterns)))


def test_every_url_has_an_entry_in_the_matrix() -> None:
    missing = [name for name in ALL_URL_NAMES if name not in MATRIX]
    assert not missing, f"add these URLs to the authorization matrix: {missing}"
    assert not set(MATRIX) - set(ALL_URL_NAMES), "matrix lists URLs that do not exist"


def expected(row: dict[str, int], actor: str) -> int:
    if actor == "admin_elsewhere" and actor not in row:
        return row["administrator"]
    return row[actor]


@pytest.fixture(scope="module")
def matrix_world(shared_world: World, django_db_blocker: Any) -> Iterator[World]:
    """The shared world plus what the rows of the other apps point at (the programme's records,
    the hub's documents), and one logged-in session per actor: made once for the module,
    inside its rolled-back transaction, instead of once for each of the ~4,000 requests."""
    world = shared_world
    with django_db_blocker.unblock():
        world.prepared["programme"] = scene(world)
        for make in (matrix_profile, matrix_practice, matrix_document, matrix_concept):
            make(world)
        # A day's idle time, so that a slow run of the module never outlives its sessions.
        with override_settings(SESSION_COOKIE_AGE=24 * 3600):
            for actor in ACTORS:
                if actor != "anonymous":
                    client = login(Client(), world.users[actor])
                    world.prepared[f"session:{actor}"] = client.cookies[
                        settings.SESSION_COOKIE_NAME
                    ].value
    yield world


def _client(client: Any, world: World, actor: str) -> Any:
    """The test's client, carrying the actor's session (made with a two-factor login)."""
    if actor != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.prepared[f"session:{actor}"]
    return client


def _url(world: World, name: str) -> str:
    kwargs_for = MATRIX[name][0]
    return reverse(name, kwargs=kwargs_for(world) if kwargs_for else None)


# Refusals made before the database is asked anything about the object: the login redirect
# (302), a missing machine token (401), a role without the capability (403), a method the view
# does not take (405). The same Python decides them on every database, so the PostgreSQL run
# (which repeats the suite for what the database does) leaves them to the SQLite run; every
# request that reaches the data (200, 404, form errors) runs on both. docs/decisions/0014.
REFUSALS = frozenset({302, 401, 403, 405})
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")


def requests_of(column: int, names: list[str]) -> list[Any]:
    """The (actor, url name) pairs of one column of the matrix that this database runs."""
    return [
        pytest.param(actor, name, id=f"{actor}-{name}")
        for actor in ACTORS
        for name in names
        if not (ON_POSTGRESQL and expected(MATRIX[name][column], actor) in REFUSALS)
    ]


@pytest.mark.parametrize(("actor", "name"), requests_of(1, ALL_URL_NAMES))
def test_get(client: Any, db: None, matrix_world: World, name: str, actor: str) -> None:
    world = matrix_world
    status = expected(MATRIX[name][1], actor)
    response = _client(client, world, actor).get(_url(world, name))
    assert response.status_code == status, f"GET {name} as {actor}"


POST_NAMES = sorted(name for name, entry in MATRIX.items() if entry[2] is not None)


@pytest.mark.parametrize(("actor", "name"), requests_of(2, POST_NAMES))
def test_post_empty_form(client: Any, db: None, matrix_world: World, name: str, actor: str) -> None:
    world = matrix_world
    status = expected(MATRIX[name][2], actor)  # type: ignore[arg-type]
    response = _client(client, world, actor).post(_url(world, name), {})
    assert response.status_code == status, f"POST {name} as {actor}"


@pytest.mark.parametrize("state", ["open", "last_day", "expired", "withdrawn", "delivered"])
def test_the_expert_s_access_to_the_order_ends(
    client: Any, db: None, matrix_world: World, state: str
) -> None:
    """The expert's row of ``casework:order_detail`` over the order's life: open until the last
    day of access (inclusive), then 404 like any object that is not the user's; the same after
    withdrawal and after delivery."""
    from datetime import timedelta

    from django.utils import timezone

    from samen.casework.models import ExpertOrder

    world = matrix_world
    order = expert_order(world)
    today = timezone.localdate()
    if state == "last_day":
        order.access_until = today
    elif state == "expired":
        order.access_until = today - timedelta(days=1)
    elif state == "withdrawn":
        order.status = ExpertOrder.Status.WITHDRAWN
    elif state == "delivered":
        order.status = ExpertOrder.Status.DELIVERED
    order.save()
    url = reverse("casework:order_detail", kwargs={"pk": order.pk})
    response = _client(client, world, "expert").get(url)
    assert response.status_code == (200 if state in {"open", "last_day"} else 404)
