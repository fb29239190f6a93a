"""The reporting point: signals from every channel and the information added to them."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.models import Case, District, Signal, SignalAddition
from samen.core import generations
from samen.core.blind_index import blind_index

_RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def hash_receipt_code(code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def number(model: type[Signal] | type[Case], obj: Signal | Case, prefix: str) -> None:
    """A readable, unique reference derived from the primary key (no race between writers)."""
    obj.reference = f"{prefix}-{obj.pk:05d}"
    model.objects.filter(pk=obj.pk).update(reference=obj.reference)


@dataclass(frozen=True)
class Receipt:
    signal: Signal
    code: str


@transaction.atomic
def report_signal(
    actor: Actor,
    *,
    municipality: Organisation,
    channel: str,
    observation: str,
    anonymous: bool,
    reporter_name: str = "",
    reporter_contact: str = "",
    subject_name: str = "",
    subject_birth_date: str = "",
    district: District | None = None,
    reporter: User | None = None,
    received_at: datetime | None = None,
    guidance_path: str = "",
    guidance_language: str = "",
) -> Receipt:
    """Register a signal from any channel; returns it with the receipt code (shown once).

    ``reporter`` is the professional who reports through samen (partner form, API); an advisor
    registering a phone call is the actor, not the reporter."""
    if anonymous:
        reporter_name = reporter_contact = ""
    if district is not None and district.municipality_id != municipality.pk:
        raise ValueError("the district belongs to another municipality")
    code = new_receipt_code()
    # The generation is bumped after the signal is written and numbered, right before the
    # audit entry: the writers' lock is held only for those two.
    with generations.deferred():
        signal = Signal.objects.create(
            reference=uuid.uuid4().hex[:20],
            municipality=municipality,
            channel=channel,
            received_at=received_at or timezone.now(),
            anonymous=anonymous,
            reporter_name=reporter_name,
            reporter_contact=reporter_contact,
            reporter_user=reporter,
            reporting_organisation=reporter.organisation if reporter is not None else None,
            subject_name=subject_name,
            subject_birth_date=subject_birth_date,
            district=district,
            observation=observation,
            receipt_code_hash=hash_receipt_code(code),
            subject_index=blind_index(subject_name, subject_birth_date) if subject_name else "",
            guidance_path=guidance_path,
            guidance_language=guidance_language if guidance_path else "",
        )
        number(Signal, signal, f"S-{signal.received_at:%Y}")
    record(actor, "casework.signal.report", signal)
    return Receipt(signal, code)


def signal_for_receipt(code: str) -> Signal | None:
    """The signal a receipt code belongs to (the code itself is only stored as a hash)."""
    return Signal.objects.filter(receipt_code_hash=hash_receipt_code(code)).first()


@transaction.atomic
def add_to_signal(actor: Actor, signal: Signal, *, text: str, source: str) -> SignalAddition:
    addition = SignalAddition.objects.create(signal=signal, text=text, source=source)
    record(actor, "casework.signal.add", signal)
    return addition
