"""Login with password and TOTP, throttling, session rotation, idle timeout and logout."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.tests.factories import UserFactory
from samen.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def post_login(client: Any, username: str, password: str = PASSWORD, token: str = "") -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, "otp_token": token},
    )


def test_reporter_logs_in_with_password_and_session_key_rotates(client: Any) -> None:
    UserFactory(username="karin", roles=["reporter"])
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    response = post_login(client, "karin")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.session.session_key != before
    assert client.get(reverse("dashboard")).status_code == 200
    entry = AuditEntry.objects.filter(action="accounts.login").get()
    assert entry.user_label == "karin"
    assert entry.outcome == AuditEntry.Outcome.ALLOWED


def test_wrong_password_is_refused_and_audited(client: Any) -> None:
    UserFactory(username="karin", roles=["reporter"])
    response = post_login(client, "karin", password="wrong password!")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="accounts.login.failed")
    assert entry.outcome == AuditEntry.Outcome.DENIED
    assert entry.object_label == "karin"
    assert "wrong" not in entry.canonical().decode()


def test_user_with_authenticator_needs_a_valid_code(client: Any) -> None:
    user = UserFactory(username="sanne", roles=["advisor"])
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    missing = post_login(client, "sanne")
    assert missing.status_code == 200
    assert "_auth_user_id" not in client.session
    wrong = post_login(
        client, "sanne", token="000000" if current_code(device) != "000000" else "111111"
    )
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.login.failed").count() == 2

    device.refresh_from_db()
    device.throttle_reset()  # failed codes make the next try wait
    ok = post_login(client, "sanne", token=current_code(device))
    assert ok.status_code == 302
    assert client.get(reverse("casework:signal_list")).status_code == 200


def test_personal_data_role_without_authenticator_must_enrol_first(client: Any) -> None:
    UserFactory(username="ahmed", roles=["advisor"])
    assert post_login(client, "ahmed").status_code == 302
    response = client.get(reverse("casework:signal_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")

    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user__username="ahmed", confirmed=False)

    bad = client.post(reverse("accounts:two_factor_setup"), {"otp_token": "12345"})
    assert bad.status_code == 200
    assert not TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()

    device.refresh_from_db()
    device.throttle_reset()  # a failed code makes the next try wait a second
    good = client.post(reverse("accounts:two_factor_setup"), {"otp_token": current_code(device)})
    assert good.status_code == 302
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert client.get(reverse("casework:signal_list")).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor.enrolled").exists()


@override_settings(REQUIRE_2FA=False)
def test_demo_may_switch_two_factor_off(client: Any) -> None:
    UserFactory(username="ahmed", roles=["advisor"])
    post_login(client, "ahmed")
    assert client.get(reverse("casework:signal_list")).status_code == 200


def test_reporter_and_analyst_do_not_need_two_factor(client: Any) -> None:
    UserFactory(username="daan", roles=["analyst"])
    post_login(client, "daan")
    assert client.get(reverse("dashboard")).status_code == 200


def test_logout_ends_the_session_on_the_server(client: Any) -> None:
    UserFactory(username="karin", roles=["reporter"])
    post_login(client, "karin")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key
    assert client.get(reverse("dashboard")).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.logout").exists()


def test_idle_session_expires(client: Any, settings: Any) -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    UserFactory(username="karin", roles=["reporter"])
    post_login(client, "karin")
    assert client.get(reverse("dashboard")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("dashboard")).status_code == 302


def test_activity_renews_the_idle_timer(client: Any) -> None:
    UserFactory(username="karin", roles=["reporter"])
    post_login(client, "karin")
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    client.get(reverse("dashboard"))
    assert Session.objects.get(session_key=key).expire_date > soon


def test_a_request_in_the_same_minute_does_not_write_the_session(client: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UserFactory(username="karin", roles=["reporter"])
    post_login(client, "karin")
    key = client.session.session_key
    client.get(reverse("dashboard"))  # the timer renewed
    renewed = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    assert not any('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)
    assert Session.objects.get(session_key=key).expire_date == renewed
    # A minute later (its stored expiry is older), the request renews it again.
    older = renewed - timedelta(seconds=61)
    Session.objects.filter(session_key=key).update(expire_date=older)
    client.get(reverse("dashboard"))
    assert Session.objects.get(session_key=key).expire_date > renewed


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_login(client: Any) -> None:
    UserFactory(username="karin", roles=["reporter"])
    for _ in range(3):
        post_login(client, "karin", password="not the password")
    locked = post_login(client, "karin")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(client: Any) -> None:
    UserFactory(username="gone", roles=["reporter"], is_active=False)
    post_login(client, "gone")
    assert "_auth_user_id" not in client.session


def test_no_user_has_django_permissions() -> None:
    user = UserFactory(roles=["administrator", "dpo", "chair"])
    assert user.has_perm("casework.view_case") is False
    assert user.has_module_perms("casework") is False
    assert not hasattr(user, "is_superuser")


def test_login_redirect_refuses_other_hosts(client: Any) -> None:
    UserFactory(username="karin", roles=["reporter"])
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "karin", "password": PASSWORD},
    )
    assert response["Location"] == reverse("dashboard")


def test_the_login_never_tells_a_right_password_from_a_wrong_one(client: Any) -> None:
    """A wrong password, a right password without the code and a right password with a wrong
    code all get the same page: the same error text, the same status, no other difference."""
    user = UserFactory(username="sanne", roles=["advisor"])
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    wrong_code = "000000" if current_code(device) != "000000" else "111111"

    def error_of(response: Any) -> tuple[int, list[str]]:
        return response.status_code, list(response.context["form"].non_field_errors())

    answers = {
        "wrong password": error_of(
            client.post(reverse("accounts:login"), {"username": "sanne", "password": "nope"})
        ),
        "unknown user": error_of(
            client.post(reverse("accounts:login"), {"username": "nobody", "password": "nope"})
        ),
        "right password, no code": error_of(post_login(client, "sanne")),
        "right password, wrong code": error_of(post_login(client, "sanne", token=wrong_code)),
    }
    assert len(set(map(str, answers.values()))) == 1, answers
    status, errors = answers["wrong password"]
    assert status == 200 and len(errors) == 1


@pytest.mark.parametrize(
    "backend",
    ["samen.accounts.backends.LocalAccountBackend", "samen.accounts.sso.SamenOIDCBackend"],
)
def test_a_session_reads_the_user_and_organisation_in_one_statement(
    backend: str, django_assert_num_queries: Any
) -> None:
    """Nearly every request reads the user's organisation: it comes with the user."""
    from django.contrib.auth import load_backend

    user = UserFactory(roles=["coordinator"])
    with django_assert_num_queries(1):
        found = load_backend(backend).get_user(user.pk)
        assert found is not None and found.organisation.name == user.organisation.name
    assert load_backend(backend).get_user(user.pk + 1000) is None


def test_a_session_of_a_switched_off_account_has_no_user() -> None:
    from samen.accounts.backends import LocalAccountBackend

    user = UserFactory(roles=["reporter"], is_active=False)
    assert LocalAccountBackend().get_user(user.pk) is None
