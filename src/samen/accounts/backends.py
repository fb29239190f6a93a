"""Local accounts: user name and password (with samen's own second factor, accounts.forms)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class LocalAccountBackend(ModelBackend):
    """Django's password check, for people only: a machine client never logs in with a form,
    whatever its password field holds."""

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user) and not getattr(user, "is_client", False))
