"""The privacy app's rows of the authorization matrix (merged into casework's MATRIX).

Retention and legal holds (``privacy.retention``): the coordinator (chair role) and the data
protection officer; "elsewhere" is a chair of another municipality, who sees that
municipality's (empty) retention and cannot lift this one's holds. The register of processing
(``privacy.register``): the data protection officer and the administrator.
"""

from __future__ import annotations

from typing import Any

from samen.casework.models import LegalHold


class Expect(dict[str, int]):
    def __init__(self, default: int, **explicit: int) -> None:
        super().__init__(explicit)
        self.default = default

    def __missing__(self, actor: str) -> int:
        return self.default


def retention(status: int, elsewhere: int | None = None) -> Expect:
    return Expect(
        403,
        anonymous=302,
        chair=status,
        dpo=status,
        elsewhere=status if elsewhere is None else elsewhere,
    )


def register(status: int) -> Expect:
    return Expect(403, anonymous=302, dpo=status, administrator=status)


def matrix_hold(world: Any) -> LegalHold:
    hold = LegalHold.objects.filter(case=world.case, lifted_at__isnull=True).first()
    return hold or LegalHold.objects.create(
        case=world.case, reason="matrix", set_by=world.users["chair"]
    )


PRIVACY_MATRIX: dict[str, tuple[Any, dict[str, int], dict[str, int] | None]] = {
    "privacy:retention": (None, retention(200), None),
    "privacy:retention_due": (lambda w: {"category": "signals"}, retention(200), None),
    "privacy:holds": (None, retention(200), retention(200)),
    "privacy:hold_lift": (
        lambda w: {"pk": matrix_hold(w).pk},
        retention(405),
        retention(422, elsewhere=404),
    ),
    "privacy:register": (None, register(200), None),
    "privacy:register_export": (None, register(200), None),
}
