"""The `samen` command: key generation, catalogs, settings reference and manage.py commands."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from cryptography.fernet import Fernet

from samen import cli


def run(monkeypatch: Any, *argv: str) -> None:
    monkeypatch.setattr(sys, "argv", ["samen", *argv])
    cli.main()


def test_generate_key_prints_a_fernet_key(monkeypatch: Any, capsys: Any) -> None:
    run(monkeypatch, "generate-key")
    Fernet(capsys.readouterr().out.strip())


def test_settings_doc(monkeypatch: Any, capsys: Any) -> None:
    run(monkeypatch, "settings-doc")
    assert "SAMEN_FIELD_ENCRYPTION_KEYS" in capsys.readouterr().out


@pytest.mark.slow
def test_catalogs_are_complete_and_compile(monkeypatch: Any, capsys: Any) -> None:
    run(monkeypatch, "compile-messages")
    try:
        run(monkeypatch, "check-messages")  # reads every catalog and the code once: seconds
    except SystemExit:
        pytest.fail("the catalogs are not complete:\n" + capsys.readouterr().out)
    assert "complete" in capsys.readouterr().out


@pytest.mark.django_db
def test_dashed_names_reach_manage_commands(monkeypatch: Any, capsys: Any) -> None:
    run(monkeypatch, "audit-verify")
    assert "audit chain intact" in capsys.readouterr().out


def test_demo_help_prints_help_and_starts_nothing(monkeypatch: Any, capsys: Any) -> None:
    for flag in ("--help", "-h"):
        with pytest.raises(SystemExit) as stopped:
            run(monkeypatch, "demo", flag)
        assert stopped.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("usage: samen demo")
    with pytest.raises(SystemExit) as stopped:
        run(monkeypatch, "demo", "--port=1")
    assert stopped.value.code == 2


def test_other_commands_answer_help_too(monkeypatch: Any, capsys: Any) -> None:
    run(monkeypatch, "generate-key", "--help")
    out = capsys.readouterr().out
    assert out.startswith("usage: samen generate-key") and "SAMEN_FIELD_ENCRYPTION_KEYS" in out


def _subprocess_env(data_dir: Any) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SAMEN_MODE="demo", SAMEN_DATA_DIR=str(data_dir), SAMEN_LOG_LEVEL="ERROR")
    return env


@pytest.mark.slow
def test_the_demo_clears_login_lockouts_at_start(tmp_path: Any, migrated_sqlite: Any) -> None:
    """Five wrong passwords lock a demo account; the lockout does not survive a restart."""
    import subprocess

    from samen.conftest import copy_migrated

    copy_migrated(migrated_sqlite, tmp_path)
    env = _subprocess_env(tmp_path)
    samen = [sys.executable, "-m", "samen.cli"]
    lock = (
        "import django; django.setup(); from axes.models import AccessAttempt; "
        "AccessAttempt.objects.create(username='coordinator', ip_address='127.0.0.1', "
        "user_agent='x', failures_since_start=5, get_data='', post_data='', path_info='/')"
    )
    subprocess.run(
        [sys.executable, "-c", lock],
        env={**env, "DJANGO_SETTINGS_MODULE": "samen.conf.settings"},
        check=True,
        timeout=120,
    )
    out = subprocess.run(
        [*samen, "demo", "--no-serve"], env=env, check=True, timeout=600, capture_output=True
    ).stdout.decode()
    assert "coordinator" in out
    count = (
        "import django; django.setup(); from axes.models import AccessAttempt; "
        "print(AccessAttempt.objects.count())"
    )
    left = subprocess.run(
        [sys.executable, "-c", count],
        env={**env, "DJANGO_SETTINGS_MODULE": "samen.conf.settings"},
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert left.stdout.decode().strip() == "0"


def test_make_demo_installs_without_the_development_tools_quietly(tmp_path: Any) -> None:
    """``make demo`` syncs without the dev group and without a package list; ``make test`` and
    ``make check`` still install the dev group (dry runs of the Makefile)."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[4]

    def dry(target: str) -> str:
        venv = tmp_path / f"venv-{target}"
        return subprocess.run(
            ["make", "-n", "-B", target, f"VENV={venv}"],
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    demo = [line for line in dry("demo").splitlines() if " sync " in line]
    assert demo and all("--no-dev" in line and "--quiet" in line for line in demo)
    for target in ("test", "check"):
        syncs = [line for line in dry(target).splitlines() if " sync " in line]
        assert syncs and not any("--no-dev" in line for line in syncs), target
