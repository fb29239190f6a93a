"""Local accounts: user name and password (with samen's own second factor, accounts.forms)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from samen.accounts.models import User


def session_user(user_id: Any) -> User | None:
    """The user of a logged-in session, with their organisation in the same statement: nearly
    every request reads it (the roles' scope, the municipality), which was a statement of its
    own on every page (issue 16)."""
    try:
        return User._default_manager.select_related("organisation").get(pk=user_id)
    except User.DoesNotExist:
        return None


class LocalAccountBackend(ModelBackend):
    """Django's password check, for people only: a machine client never logs in with a form,
    whatever its password field holds."""

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user) and not getattr(user, "is_client", False))

    def get_user(self, user_id: Any) -> User | None:
        user = session_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
