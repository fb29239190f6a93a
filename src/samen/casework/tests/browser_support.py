"""Shared pieces of the browser tests (the fixtures are in this folder's conftest)."""

from __future__ import annotations

from django_otp.oath import totp

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 15_000


def current_code(key: bytes) -> str:
    """The six-digit TOTP code an authenticator app would show now."""
    return f"{totp(key):06d}"
