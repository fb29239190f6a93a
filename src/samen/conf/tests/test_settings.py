"""Production refuses to start without its secrets; the settings reference stays true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from samen.conf.docs import settings_markdown

ROOT = Path(__file__).resolve().parents[4]


def start(
    env: dict[str, str], code: str = "import samen.conf.settings"
) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("SAMEN_") and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "SAMEN_DATA_DIR": str(ROOT / "var" / "settings-test"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


SECRETS = {
    "SAMEN_SECRET_KEY": "x" * 60,
    "SAMEN_FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "SAMEN_BLIND_INDEX_KEY": "b" * 40,
    "SAMEN_ALLOWED_HOSTS": "samen.example.nl",
}


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_production_refuses_to_start_without_a_secret(missing: str) -> None:
    env = {k: v for k, v in SECRETS.items() if k != missing}
    result = start(env)
    assert result.returncode != 0
    assert f"{missing} is required in production" in result.stderr


def test_production_starts_with_its_secrets_and_is_hardened() -> None:
    code = (
        "from samen.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.REQUIRE_2FA, s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'))"
    )
    result = start(SECRETS, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"]


def test_production_refuses_to_switch_two_factor_off() -> None:
    result = start({**SECRETS, "SAMEN_REQUIRE_2FA": "false"})
    assert result.returncode != 0
    assert "SAMEN_REQUIRE_2FA" in result.stderr


def test_a_bad_encryption_key_is_refused() -> None:
    result = start({**SECRETS, "SAMEN_FIELD_ENCRYPTION_KEYS": "not-a-key"})
    assert result.returncode != 0
    assert "not a valid Fernet key" in result.stderr


def test_demo_generates_and_keeps_its_secrets(tmp_path: Path) -> None:
    code = "from samen.conf import settings as s; print(s.SECRET_KEY, s.FIELD_ENCRYPTION_KEYS[0])"
    env = {"SAMEN_MODE": "demo", "SAMEN_DATA_DIR": str(tmp_path)}
    first = start(env, code)
    second = start(env, code)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_reference_is_up_to_date() -> None:
    assert (ROOT / "docs" / "settings.md").read_text() == settings_markdown(), (
        "run `make settings-doc`"
    )


def test_sqlite_waits_for_the_disk_in_the_settings_that_serve() -> None:
    """Only the test suite's database commits without waiting for the disk (conf/testing.py);
    the settings samen serves with keep synchronous=FULL (docs/operations.md, crash safety)."""
    from django.conf import settings as active

    from samen.conf import settings as served

    if served.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite settings")
    assert "synchronous=FULL" in served.DATABASES["default"]["OPTIONS"]["init_command"]
    assert "synchronous=OFF" in active.DATABASES["default"]["OPTIONS"]["init_command"]


@pytest.mark.parametrize(("url", "timeout"), [("", "10"), ("?connect_timeout=3", "3")])
def test_a_postgresql_server_that_does_not_answer_fails_a_connection_in_seconds(
    url: str, timeout: str
) -> None:
    """Ten seconds unless DATABASE_URL says otherwise, not the operating system's TCP timeout
    (about two minutes for a host that drops packets). Nothing connects here."""
    code = (
        "from samen.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['connect_timeout'])"
    )
    run = start(
        {
            **SECRETS,
            "SAMEN_MODE": "production",
            "DATABASE_URL": f"postgres://samen@db.example.nl:5432/samen{url}",
        },
        code,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == timeout
