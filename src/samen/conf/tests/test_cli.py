"""The `samen` command: key generation, catalogs, settings reference and manage.py commands."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from cryptography.fernet import Fernet

from samen import cli
from samen.conf.i18n import catalog_problems


def run(monkeypatch: Any, *argv: str) -> None:
    monkeypatch.setattr(sys, "argv", ["samen", *argv])
    cli.main()


def test_generate_key_prints_a_fernet_key(monkeypatch: Any, capsys: Any) -> None:
    run(monkeypatch, "generate-key")
    Fernet(capsys.readouterr().out.strip())


def test_settings_doc(monkeypatch: Any, capsys: Any) -> None:
    run(monkeypatch, "settings-doc")
    assert "SAMEN_FIELD_ENCRYPTION_KEYS" in capsys.readouterr().out


def test_catalogs_are_complete_and_compile(monkeypatch: Any, capsys: Any) -> None:
    assert catalog_problems() == []
    run(monkeypatch, "compile-messages")
    run(monkeypatch, "check-messages")
    assert "complete" in capsys.readouterr().out


@pytest.mark.django_db
def test_dashed_names_reach_manage_commands(monkeypatch: Any, capsys: Any) -> None:
    run(monkeypatch, "audit-verify")
    assert "audit chain intact" in capsys.readouterr().out
