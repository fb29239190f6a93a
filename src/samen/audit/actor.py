"""Who acts: the explicit first argument of every action and of every audit entry.

An ``Actor`` names the user (and the organisation they act for), or a machine client, or samen
itself, together with the request id that ties the audit entry to the logs. A view builds one
with ``Actor.of(request)``; a background task, a management command, the demo loader and the
tests build one with ``Actor.for_user(user)`` or ``Actor.system()``. Actions never look at a
request, so they are called the same way from all of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from samen.audit.middleware import current_request_id

if TYPE_CHECKING:  # pragma: no cover - types only; audit does not import accounts
    from samen.accounts.models import Organisation, User


class NoUserError(RuntimeError):
    """The action needs a logged-in user and the actor has none."""


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    organisation: Organisation | None = None
    request_id: str = ""
    # A machine client acting for ``organisation`` without a user (an API client's label).
    client: str = ""

    @classmethod
    def of(cls, request: Any) -> Actor:
        """The actor of a web request: its user when logged in, and its request id."""
        user = getattr(request, "user", None)
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        auth = getattr(request, "auth", None)
        client = str(getattr(auth, "audit_label", "") or "")
        organisation = getattr(user, "organisation", None) if user is not None else None
        if organisation is None and client:
            organisation = getattr(auth, "organisation", None)
        request_id = getattr(request, "request_id", "") or current_request_id.get()
        return cls(user=user, organisation=organisation, request_id=request_id, client=client)

    @classmethod
    def for_user(cls, user: User, request_id: str = "") -> Actor:
        """A user acting outside a request (a task, a command, the demo, a test)."""
        return cls(
            user=user,
            organisation=user.organisation,
            request_id=request_id or current_request_id.get(),
        )

    @classmethod
    def system(cls, request_id: str = "") -> Actor:
        """samen itself: scheduled retention, commands run by operators, anonymous visitors."""
        return cls(request_id=request_id or current_request_id.get())

    @property
    def acting_user(self) -> User:
        """The user; actions that need one (most casework changes) call this."""
        if self.user is None:
            raise NoUserError("this change is made by a logged-in user")
        return self.user

    @property
    def organisation_id(self) -> int | None:
        return self.organisation.pk if self.organisation is not None else None
