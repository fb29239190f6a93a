"""Machine clients: a partner system uses the API with a token only, within its scopes and its
organisation's cases, and every call is audited under the client."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from samen.accounts import actions as account_actions
from samen.accounts.models import Role
from samen.audit.models import AuditEntry
from samen.casework.models import Case, Signal
from samen.casework.tests.factories import World, actor_for

pytestmark = pytest.mark.django_db


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _hidden_case(world: World) -> Case:
    """A case of the same municipality in which the police takes no part."""
    from samen.casework.actions import intake as intake_actions
    from samen.casework.actions import weighing as weighing_actions
    from samen.casework.models import Weighing

    signal = intake_actions.report_signal(
        actor_for(world.users["advisor"]),
        municipality=world.municipality,
        channel=Signal.Channel.PHONE,
        observation="Zorgen over een leerling",
        anonymous=True,
        subject_name="Derde Persoon",
    ).signal
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome=Weighing.Outcome.ADMIT,
        reasons="Alleen jeugdzorg",
        participants=[world.youth],
    )
    return Case.objects.get(origin=signal)


def test_a_token_only_client_submits_a_signal_and_reads_its_cases(world: World) -> None:
    api = Client()  # no session, no cookie: the token only
    response = api.post(
        reverse("api:signal-list"),
        data={"observation": "Melding uit het politiesysteem", "subjectName": "Vierde Persoon"},
        content_type="application/json",
        **_bearer(world.api_token),
    )
    assert response.status_code == 201, response.content
    signal = Signal.objects.get(reference=response.json()["reference"])
    assert signal.municipality == world.municipality
    assert signal.channel == Signal.Channel.API
    entry = AuditEntry.objects.get(action="casework.signal.report", object_id=str(signal.pk))
    assert entry.user_label == "client:politie-koppeling"
    assert entry.organisation_label == world.police.name
    assert entry.municipality_id == world.municipality.pk

    listed = api.get(reverse("api:case-list"), **_bearer(world.api_token))
    assert [c["reference"] for c in listed.json()["results"]] == [world.case.reference]
    detail = api.get(
        reverse("api:case-detail", kwargs={"pk": world.case.pk}), **_bearer(world.api_token)
    )
    assert detail.status_code == 200
    assert AuditEntry.objects.filter(
        action="casework.case.view", object_id=str(world.case.pk), user_label=entry.user_label
    ).exists()


def test_a_client_is_refused_another_organisations_case(world: World) -> None:
    hidden = _hidden_case(world)
    response = Client().get(
        reverse("api:case-detail", kwargs={"pk": hidden.pk}), **_bearer(world.api_token)
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert hidden.reference not in response.content.decode()
    assert AuditEntry.objects.filter(
        action="casework.case.view", object_id=str(hidden.pk), outcome="denied"
    ).exists()
    # Nor does it read the municipality's signals: that is not one of its scopes.
    assert Client().get(reverse("api:signal-list"), **_bearer(world.api_token)).status_code == 403


def test_a_client_moves_a_phase_only_with_that_scope(world: World) -> None:
    url = reverse("api:case-move", kwargs={"pk": world.case.pk})
    body = {"phase": "assessment", "reason": "Informatie verzamelen"}
    moved = Client().post(url, body, content_type="application/json", **_bearer(world.api_token))
    assert moved.status_code == 200, moved.content
    # A client with the read scope only.
    admin, chair = world.users["administrator"], world.users["chair"]
    request = account_actions.register_client(
        actor_for(admin),
        name="alleen-lezen",
        organisation=world.police,
        scopes=Role.objects.filter(code="client_read_cases"),
        expires_on=timezone.localdate() + timedelta(days=10),
        reason="lezen",
    )
    token = account_actions.decide(actor_for(chair), request, approve=True).secret
    back = {"phase": "admitted", "reason": "Terug"}
    refused = Client().post(url, back, content_type="application/json", **_bearer(token))
    assert refused.status_code == 403


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer samen_wrong", "Bearer a b"])
def test_missing_or_bad_credentials_are_a_401_with_a_challenge(
    world: World, header: str | None
) -> None:
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().get(reverse("api:case-list"), **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    challenge = response["WWW-Authenticate"]
    assert 'Bearer realm="samen"' in challenge and 'Session realm="samen"' in challenge
    assert response.json()["status"] == 401
    if header:
        assert AuditEntry.objects.filter(action="accounts.client.refused").exists()


def test_expired_and_revoked_tokens_stop_working(world: World) -> None:
    url = reverse("api:case-list")
    AuthToken.objects.filter(user=world.api_client).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )
    assert Client().get(url, **_bearer(world.api_token)).status_code == 401
    # A new token, approved by a second person, then revoked by the administrator alone.
    admin, chair = world.users["administrator"], world.users["chair"]
    assert world.api_client is not None
    request = account_actions.request_client_token(
        actor_for(admin),
        world.api_client,
        expires_on=timezone.localdate() + timedelta(days=5),
        reason="vervanging",
    )
    token = account_actions.decide(actor_for(chair), request, approve=True).secret
    assert Client().get(url, **_bearer(token)).status_code == 200
    account_actions.revoke_client(actor_for(admin), world.api_client, reason="einde koppeling")
    assert Client().get(url, **_bearer(token)).status_code == 401
    assert not AuthToken.objects.filter(user=world.api_client).exists()


def test_the_token_is_stored_hashed(world: World) -> None:
    row = AuthToken.objects.get(user=world.api_client)
    assert world.api_token.startswith("samen_")
    assert world.api_token not in (row.digest, row.token_key)
    assert len(row.digest) == 128  # SHA-512


def test_a_client_never_logs_in_with_the_form(client: Any, world: World) -> None:
    assert world.api_client is not None
    world.api_client.set_password("een lang wachtwoord voor de client")
    world.api_client.save()
    assert not client.login(
        username=world.api_client.username, password="een lang wachtwoord voor de client"
    )


def test_the_rate_limit_knows_a_client_by_its_token(world: World) -> None:
    from samen.core.ratelimit import _user_or_ip

    assert world.api_client is not None
    request = RequestFactory().get("/api/v1/cases", **_bearer(world.api_token))
    assert _user_or_ip("g", request) == f"client:{world.api_client.pk}"
    # The same client from another address has the same key; a wrong token is an address.
    other = RequestFactory().get(
        "/api/v1/cases", REMOTE_ADDR="10.9.9.9", **_bearer(world.api_token)
    )
    assert _user_or_ip("g", other) == f"client:{world.api_client.pk}"
    wrong = RequestFactory().get("/api/v1/cases", **_bearer("samen_0000000000"))
    assert _user_or_ip("g", wrong).startswith("ip:")


def test_the_openapi_document_declares_the_token_scheme(client: Any) -> None:
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    operation = schema["paths"]["/api/v1/cases"]["get"]
    assert {"bearerAuth": []} in operation["security"]


def test_a_client_is_no_case_manager_nor_attendee(world: World) -> None:
    from samen.accounts.queries import users_with
    from samen.casework.forms.meetings import AttendanceForm

    assert world.api_client is not None and world.api_client.can("case.manage")
    managers = users_with("case.manage", [world.police.pk])
    assert world.api_client not in managers
    present = AttendanceForm(municipality_id=world.municipality.pk).fields["present"]
    assert world.api_client not in present.queryset  # type: ignore[attr-defined]
    assert world.users["case_table_member"] in present.queryset  # type: ignore[attr-defined]
