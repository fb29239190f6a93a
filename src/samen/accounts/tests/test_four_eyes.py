"""Four eyes on power: what reaches personal data takes a second person, and no administrator
ever knows another user's password."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts import actions
from samen.accounts.models import AccessRequest, Role, SetupLink, User
from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

PASSWORD = "een eigen lang wachtwoord"


def _create(client: Client, world: World, username: str, *roles: str) -> tuple[User, str]:
    """The administrator creates a user in the browser; returns the user and the set-up link
    shown once."""
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": username,
            "full_name": "Nieuwe Collega",
            "email": f"{username}@example.invalid",
            "organisation": world.municipality.pk,
            "roles": [Role.objects.get(code=code).pk for code in roles],
            "is_active": "on",
        },
    )
    assert response.status_code == 200, response.content
    return User.objects.get(username=username), response.context["secret"]


def _set_password(link: str, password: str = PASSWORD) -> Any:
    path = link[link.index("/accounts/set-up/") :]
    return Client().post(path, {"new_password1": password, "new_password2": password})


def _decide(client: Client, pending: AccessRequest, decision: str, reason: str = "") -> Any:
    return client.post(
        reverse("accounts:request_decide", kwargs={"pk": pending.pk}),
        {"decision": decision, "reason": reason},
    )


def test_a_role_with_personal_data_waits_for_a_second_person(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    user, _link = _create(client, world, "nieuw", "case_manager", "analyst")
    # The analyst role has no personal data and is there at once; the case manager waits.
    assert set(user.roles.values_list("code", flat=True)) == {"analyst"}
    assert not user.can("case.view")
    pending = AccessRequest.objects.get(subject=user, status="pending")
    assert set(pending.roles.values_list("code", flat=True)) == {"case_manager"}

    # The administrator who asked cannot approve it.
    refused = _decide(client, pending, "approve")
    assert refused.status_code == 422
    assert not User.objects.get(pk=user.pk).can("case.view")

    # The coordinator (chair) approves.
    coordinator = Client()
    login(coordinator, world.users["chair"])
    listed = coordinator.get(reverse("accounts:request_list"))
    assert pending in listed.context["page"].object_list
    _decide(coordinator, pending, "approve", "nieuwe casemanager")
    user = User.objects.get(pk=user.pk)
    assert user.can("case.view")
    pending.refresh_from_db()
    assert pending.status == "approved" and pending.decided_by == world.users["chair"]
    actions_logged = set(
        AuditEntry.objects.filter(object_id=str(pending.pk)).values_list("action", flat=True)
    )
    assert {"accounts.access.requested", "accounts.access.approved"} <= actions_logged


def test_a_refusal_grants_nothing_and_is_audited(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    user, _link = _create(client, world, "nieuw", "weighing_team")
    pending = AccessRequest.objects.get(subject=user, status="pending")
    coordinator = Client()
    login(coordinator, world.users["chair"])
    _decide(coordinator, pending, "refuse", "niet nodig")
    assert not User.objects.get(pk=user.pk).can("signal.weigh")
    entry = AuditEntry.objects.get(action="accounts.access.refused")
    assert entry.reason == "niet nodig" and entry.user_label == "chair"


def test_the_user_chooses_a_password_with_a_one_time_link(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    user, link = _create(client, world, "nieuw", "analyst")
    assert _set_password(link, "kort").status_code == 422
    assert _set_password(link).status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Spent: a second use is refused, and audited.
    assert _set_password(link, "nog een ander wachtwoord").status_code == 404
    assert AuditEntry.objects.filter(action="accounts.setup_link.refused").exists()
    # Only a hash is kept.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not SetupLink.objects.filter(token_hash=token).exists()


def test_a_set_up_link_expires(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    _user, link = _create(client, world, "nieuw", "analyst")
    SetupLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert _set_password(link).status_code == 404


def test_two_factor_reset_needs_a_second_person(client: Any, world: World) -> None:
    target = world.users["case_manager"]
    TOTPDevice.objects.create(user=target, name="phone", confirmed=True)
    login(client, world.users["administrator"])
    url = reverse("accounts:user_reset_two_factor", kwargs={"pk": target.pk})
    client.post(url, {"reason": ""})
    assert not AccessRequest.objects.filter(subject=target).exists()
    client.post(url, {"reason": "Telefoon verloren"})
    assert TOTPDevice.objects.filter(user=target).exists()
    pending = AccessRequest.objects.get(subject=target, kind="reset_two_factor")
    coordinator = Client()
    login(coordinator, world.users["chair"])
    _decide(coordinator, pending, "approve")
    assert not TOTPDevice.objects.filter(user=target).exists()
    entry = AuditEntry.objects.get(action="accounts.two_factor.reset", object_id=str(target.pk))
    assert entry.reason == "Telefoon verloren" and entry.user_label == "chair"


def test_a_set_up_link_for_personal_data_goes_through_the_approver(
    client: Any, world: World
) -> None:
    target = world.users["advisor"]
    login(client, world.users["administrator"])
    response = client.post(
        reverse("accounts:user_setup_link", kwargs={"pk": target.pk}), {"reason": "vergeten"}
    )
    assert response.status_code == 302  # no link for the administrator
    pending = AccessRequest.objects.get(kind="setup_link")
    coordinator = Client()
    login(coordinator, world.users["chair"])
    shown = _decide(coordinator, pending, "approve")
    assert "/accounts/set-up/" in shown.context["secret"]
    # An account without personal data: the administrator gets the link at once.
    direct = client.post(
        reverse("accounts:user_setup_link", kwargs={"pk": world.users["analyst"].pk}),
        {"reason": "vergeten"},
    )
    assert "/accounts/set-up/" in direct.context["secret"]


def test_nobody_changes_their_own_account_even_through_the_action(world: World) -> None:
    admin = world.users["administrator"]
    with pytest.raises(actions.AccessError):
        actions.save_user(
            actor_for(admin),
            admin,
            username=admin.username,
            full_name=admin.full_name,
            email="",
            organisation=admin.organisation,
            roles=Role.objects.filter(code__in=["administrator", "chair"]),
            is_active=True,
        )
    assert set(admin.roles.values_list("code", flat=True)) == {"administrator"}
    with pytest.raises(actions.AccessError):
        actions.request_two_factor_reset(actor_for(admin), admin, reason="eigen telefoon")


def test_moving_a_user_asks_for_their_roles_again(world: World) -> None:
    admin = world.users["administrator"]
    advisor = world.users["advisor"]
    actions.save_user(
        actor_for(admin),
        advisor,
        username=advisor.username,
        full_name=advisor.full_name,
        email="",
        organisation=world.youth,
        roles=advisor.roles.all(),
        is_active=True,
    )
    advisor = User.objects.get(pk=advisor.pk)
    assert not advisor.can("signal.intake")
    grant = AccessRequest.objects.get(subject=advisor, kind="grant", status="pending")
    assert grant.roles.count() == 1


PERSONAL_PAGES = {
    "casework:signal_list",
    "casework:signal_detail",
    "casework:case_list",
    "casework:case_detail",
    "casework:person_detail",
    "casework:meeting_detail",
    "casework:attachment_download",
    "casework:my_actions",
    "audit:log",
    "api:signal-list",
    "api:signal-detail",
    "api:case-list",
    "api:case-detail",
}


# Everything personal the test world holds, as it would appear on a page or in JSON.
def _markers(world: World) -> list[str]:
    assert world.case is not None and world.signal is not None
    return [
        "Test Persoon",
        "Tweede Persoon",
        "Zorgen over een",
        "Mentor via het wijkteam",
        "Duidingsrapport",
        world.case.reference,
        world.signal.reference,
        "Mogelijke radicalisering",
    ]


def test_a_lone_administrator_reaches_no_personal_data(client: Any, world: World) -> None:
    """One administrator, with every power they have, alone: a straw account with casework
    roles, its set-up link used by the administrator, their own approval, resets, set-up links
    and a machine client; neither the administrator nor the straw account sees a case, signal,
    person or audit entry."""
    from samen.casework.tests.test_authorization_matrix import MATRIX, _url

    admin = world.users["administrator"]
    login(client, admin)
    straw, link = _create(client, world, "stroman", "case_manager", "chair", "weighing_team")
    pending = AccessRequest.objects.get(subject=straw, status="pending")
    # The administrator sets the straw account's password with the link and logs in with it.
    assert _set_password(link).status_code == 302
    straw_client = Client()
    assert straw_client.login(username="stroman", password=PASSWORD)
    # Approving their own request is refused; so is giving themselves a role.
    assert _decide(client, pending, "approve").status_code == 422
    with pytest.raises(actions.AccessError):
        actions.decide(actor_for(admin), pending, approve=True)
    with pytest.raises(actions.AccessError):
        actions.save_user(
            actor_for(admin),
            admin,
            username=admin.username,
            full_name=admin.full_name,
            email="",
            organisation=admin.organisation,
            roles=Role.objects.all(),
            is_active=True,
        )
    # Taking over the coordinator: a new set-up link and a reset wait for someone else.
    coordinator = world.users["chair"]
    token, waiting = actions.new_setup_link(actor_for(admin), coordinator, reason="overname")
    assert token == "" and waiting is not None
    actions.request_two_factor_reset(actor_for(admin), coordinator, reason="overname")
    # A machine client that reads cases: no token before a second person approves.
    client_request = actions.register_client(
        actor_for(admin),
        name="stroman-systeem",
        organisation=world.police,
        scopes=Role.objects.filter(code__in=["client_read_cases", "client_submit_signals"]),
        expires_on=timezone.localdate() + timedelta(days=30),
        reason="koppeling",
    )
    assert not client_request.subject.auth_token_set.exists()
    assert not client_request.subject.can("case.view")

    markers = _markers(world)
    audit_before = AuditEntry.objects.count()
    for session in (client, straw_client):
        for name in MATRIX:
            response = session.get(_url(world, name))
            body = response.content.decode(errors="replace")
            assert not [m for m in markers if m in body], f"{name} shows personal data"
            if name in PERSONAL_PAGES:
                assert response.status_code in (302, 401, 403, 404), name
    assert AuditEntry.objects.count() > audit_before  # the attempts were recorded

    # A second person approving the straw account's roles renews its credentials: the
    # password the administrator chose stops working and the link goes to the approver.
    approver = Client()
    login(approver, coordinator)
    shown = _decide(approver, pending, "approve", "in goed vertrouwen")
    assert "/accounts/set-up/" in shown.context["secret"]
    assert not Client().login(username="stroman", password=PASSWORD)
    assert straw_client.get(reverse("casework:case_list")).status_code == 302
