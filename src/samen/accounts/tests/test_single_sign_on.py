"""Single sign-on, end to end, against a real OpenID Provider the tests start themselves: the
certified Node ``oidc-provider``, installed from npm into ``var/oidc-provider/`` (not in git) and
run on 127.0.0.1 (``oidc/provider.mjs``). samen runs as a live server; a plain HTTP client
follows every redirect and fills in the provider's login form, as a browser would."""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import override_settings
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.models import AccessRequest, User
from samen.audit.models import AuditEntry
from samen.casework.tests.factories import build_world

OIDC_PROVIDER_VERSION = "9.13.3"
HERE = Path(__file__).resolve().parent / "oidc"
FOLDER = Path(__file__).resolve().parents[4] / "var" / "oidc-provider"
PASSWORD = "provider-password"  # the test provider's fictional accounts

ACCOUNTS = {
    "chair": {
        "password": PASSWORD,
        "claims": {
            "name": "Voorzitter",
            "email": "chair@example.invalid",
            "preferred_username": "chair",
        },
    },
    "nieuw": {
        "password": PASSWORD,
        "claims": {
            "name": "Nieuwe Collega",
            "email": "nieuw@example.invalid",
            "preferred_username": "nieuw",
            "organisation": "Gemeente Teststad",
            "roles": ["analyst", "case_manager"],
        },
    },
    "onbekend": {
        "password": PASSWORD,
        "claims": {"preferred_username": "onbekend", "organisation": "Gemeente Nergens"},
    },
}

pytestmark = pytest.mark.skipif(
    not (shutil.which("node") and shutil.which("npm")),
    reason="needs Node.js and npm to run the OpenID Provider",
)


def _install() -> Path:
    """oidc-provider at the pinned version in var/oidc-provider (once; parallel workers wait
    for the one that installs)."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    with (FOLDER.parent / "oidc-provider.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        package = FOLDER / "node_modules" / "oidc-provider" / "package.json"
        installed = json.loads(package.read_text())["version"] if package.exists() else ""
        if installed != OIDC_PROVIDER_VERSION:
            subprocess.run(
                [
                    "npm",
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--no-save",
                    "--prefix",
                    str(FOLDER),
                    f"oidc-provider@{OIDC_PROVIDER_VERSION}",
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
        shutil.copy(HERE / "provider.mjs", FOLDER / "provider.mjs")
    return FOLDER / "provider.mjs"


@pytest.fixture(scope="module")
def provider(live_server: Any, tmp_path_factory: Any) -> Iterator[dict[str, str]]:
    script = _install()
    config = tmp_path_factory.mktemp("oidc") / "config.json"
    config.write_text(
        json.dumps(
            {
                "port": 0,
                "redirectUri": f"{live_server.url}/accounts/sso/callback/",
                "postLogoutRedirectUri": f"{live_server.url}/accounts/login/",
                "accounts": ACCOUNTS,
            }
        )
    )
    process = subprocess.Popen(
        ["node", str(script), str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(FOLDER),
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.match(r"listening (\d+)", line)
        assert match, (
            f"the provider did not start: {line}{process.stderr.read() if process.stderr else ''}"
        )
        issuer = f"http://127.0.0.1:{match.group(1)}"
        discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
        yield discovery
    finally:
        process.terminate()
        process.wait(timeout=10)


def _settings(discovery: dict[str, str], **extra: Any) -> Any:
    """What an operator configures (docs/identity-provider.md), from the discovery document."""
    return override_settings(
        OIDC_RP_CLIENT_ID="samen",
        OIDC_RP_CLIENT_SECRET="samen-test-secret",
        OIDC_OP_AUTHORIZATION_ENDPOINT=discovery["authorization_endpoint"],
        OIDC_OP_TOKEN_ENDPOINT=discovery["token_endpoint"],
        OIDC_OP_USER_ENDPOINT=discovery["userinfo_endpoint"],
        OIDC_OP_JWKS_ENDPOINT=discovery["jwks_uri"],
        OIDC_OP_END_SESSION_ENDPOINT=discovery["end_session_endpoint"],
        OIDC_RP_SIGN_ALGO="RS256",
        **{
            "OIDC_MFA": "idp",
            "OIDC_MFA_ACR_VALUES": ["urn:samen:test:mfa"],
            "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {"acr_values": "urn:samen:test:mfa"},
            **extra,
        },
    )


def _sign_in(base: str, login: str, *, mfa: bool) -> tuple[requests.Session, requests.Response]:
    """A browser: samen's SSO button, the provider's login form, back to samen."""
    browser = requests.Session()
    form = browser.get(f"{base}/accounts/sso/", timeout=10)
    assert form.status_code == 200 and "/interaction/" in form.url, form.text
    action = re.search(r'action="([^"]+)"', form.text)
    assert action is not None
    data = {"login": login, "password": PASSWORD, **({"mfa": "1"} if mfa else {})}
    landed = browser.post(
        form.url.split("/interaction/")[0] + action.group(1), data=data, timeout=20
    )
    return browser, landed


def test_a_login_through_the_provider_reaches_the_dashboard(
    live_server: Any, transactional_db: None, provider: dict[str, str]
) -> None:
    world = build_world()
    with _settings(provider):
        browser, landed = _sign_in(live_server.url, "chair", mfa=True)
    assert landed.status_code == 200
    assert urlparse(landed.url).path == "/"  # the dashboard
    # The name as the page writes it: a generated name may hold an apostrophe (d'Heripon).
    assert escape(world.users["chair"].full_name) in landed.text
    chair = User.objects.get(pk=world.users["chair"].pk)
    assert chair.oidc_subject == "chair"  # linked by user name at the first login
    assert AuditEntry.objects.filter(action="accounts.sso.login", object_id=str(chair.pk)).exists()
    assert AuditEntry.objects.filter(action="accounts.login", object_id=str(chair.pk)).exists()
    # The provider's second factor counts: casework opens without samen's own code.
    with _settings(provider):
        cases = browser.get(f"{live_server.url}/cases/", timeout=10)
    assert cases.status_code == 200 and urlparse(cases.url).path == "/cases/"


def test_logout_ends_the_session_at_the_provider_too(
    live_server: Any, transactional_db: None, provider: dict[str, str]
) -> None:
    build_world()
    with _settings(provider):
        browser, landed = _sign_in(live_server.url, "chair", mfa=True)
        # The logout button's form on the dashboard.
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', landed.text)
        assert token is not None
        out = browser.post(
            f"{live_server.url}/accounts/logout/",
            headers={"Referer": live_server.url},
            data={"csrfmiddlewaretoken": token.group(1)},
            allow_redirects=False,
            timeout=10,
        )
        assert out.status_code == 302
        location = out.headers["Location"]
        assert location.startswith(provider["end_session_endpoint"])
        assert parse_qs(urlparse(location).query)["id_token_hint"]
        # samen's own session is gone.
        after = browser.get(f"{live_server.url}/cases/", allow_redirects=False, timeout=10)
    assert after.status_code == 302 and "/accounts/login/" in after.headers["Location"]


def test_without_a_second_factor_at_the_provider_the_login_is_refused(
    live_server: Any, transactional_db: None, provider: dict[str, str]
) -> None:
    build_world()
    with _settings(provider):
        _browser, landed = _sign_in(live_server.url, "chair", mfa=False)
    assert urlparse(landed.url).path == "/accounts/login/"
    entry = AuditEntry.objects.get(action="accounts.sso.refused")
    assert entry.outcome == "denied" and "second factor" in entry.object_label


def test_with_samens_own_second_factor_the_code_is_asked_after_the_provider(
    live_server: Any, transactional_db: None, provider: dict[str, str]
) -> None:
    from django_otp.oath import totp

    world = build_world()
    device = TOTPDevice.objects.create(user=world.users["chair"], name="phone", confirmed=True)
    with _settings(provider, OIDC_MFA="samen", OIDC_AUTH_REQUEST_EXTRA_PARAMS={}):
        browser, landed = _sign_in(live_server.url, "chair", mfa=False)
        # Logged in at the provider, and samen asks for its own code before anything else.
        assert urlparse(landed.url).path == "/accounts/two-factor/"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', landed.text)
        assert token is not None and "otp_token" in landed.text
        done = browser.post(
            landed.url,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "otp_token": f"{totp(device.bin_key):06d}",
            },
            headers={"Referer": landed.url},
            timeout=10,
        )
        assert urlparse(done.url).path == "/"
        cases = browser.get(f"{live_server.url}/cases/", timeout=10)
    assert urlparse(cases.url).path == "/cases/"


def test_accounts_are_created_or_refused_by_rule(
    live_server: Any, transactional_db: None, provider: dict[str, str]
) -> None:
    build_world()
    rules = {"OIDC_CREATE_USER": True, "OIDC_ORGANISATION_CLAIM": "organisation"}
    # Creation off: nobody without an account gets in.
    with _settings(provider):
        _browser, landed = _sign_in(live_server.url, "nieuw", mfa=True)
    assert urlparse(landed.url).path == "/accounts/login/"
    assert not User.objects.filter(username="nieuw").exists()
    # Creation on, organisation unknown to samen: refused.
    with _settings(provider, **rules):
        _browser, landed = _sign_in(live_server.url, "onbekend", mfa=True)
    assert not User.objects.filter(username="onbekend").exists()
    refusals = AuditEntry.objects.filter(action="accounts.sso.refused")
    assert refusals.count() == 2
    # Creation on, a known organisation, roles from the claim: the analyst role at once, the
    # case manager's personal data after a second person in samen approves.
    with _settings(provider, OIDC_ROLES_CLAIM="roles", **rules):
        _browser, landed = _sign_in(live_server.url, "nieuw", mfa=True)
    assert urlparse(landed.url).path == "/"
    user = User.objects.get(username="nieuw")
    assert user.organisation.name == "Gemeente Teststad"
    assert not user.has_usable_password()
    assert set(user.roles.values_list("code", flat=True)) == {"analyst"}
    pending = AccessRequest.objects.get(subject=user, status="pending")
    assert set(pending.roles.values_list("code", flat=True)) == {"case_manager"}
