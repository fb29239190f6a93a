"""Referrals that close the loop: the receiving organisation accepts or declines, and the
reporting professional gets feedback."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.models import Referral, ReporterFeedback, Signal, Weighing
from samen.casework.tasks import notify_referral, notify_reporter


def create_referral(
    actor: Actor, weighing: Weighing, *, question: str, reason: str = ""
) -> Referral:
    """The referral of a weighing with the outcome "refer to regular care" (called by
    ``weigh_signal``, in its transaction). The receiving organisation's casework users are
    told by a link-only message."""
    if weighing.referred_to_id is None:
        raise WorkflowError("a referral names the receiving organisation")
    referral = Referral.objects.create(
        signal=weighing.signal,
        municipality_id=weighing.signal.municipality_id,
        weighing=weighing,
        organisation_id=weighing.referred_to_id,
        question=question,
        reason=reason,
        referred_by=actor.acting_user,
    )
    transaction.on_commit(lambda: notify_referral.enqueue(referral.pk))
    return referral


@transaction.atomic
def decide_referral(actor: Actor, referral: Referral, *, accept: bool, reason: str) -> Referral:
    """The receiving organisation accepts or declines an open referral, with a reason. Decided
    once: a decided referral is not decided again."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.OPEN:
        raise WorkflowError("the referral was already decided")
    if actor.acting_user.organisation_id != referral.organisation_id:
        raise WorkflowError("only the receiving organisation decides on a referral")
    if not reason.strip():
        raise WorkflowError("a decision on a referral has a reason")
    referral.status = Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED
    referral.decision_reason = reason
    referral.decided_by = actor.acting_user
    referral.decided_at = timezone.now()
    referral.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    record(actor, "casework.referral.decide", referral)
    return referral


def reporter_address(signal: Signal) -> str:
    """Where the feedback is announced: the professional user who reported, else the e-mail
    address the reporter left; nothing for an anonymous report."""
    if signal.anonymous:
        return ""
    if signal.reporter_user is not None and signal.reporter_user.email:
        return str(signal.reporter_user.email)
    contact = (signal.reporter_contact or "").strip()
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact


@transaction.atomic
def send_feedback(actor: Actor, signal: Signal, *, advice: str) -> ReporterFeedback:
    """Tell the reporter that the signal was handled, with advice. The reporter reads it on the
    follow-up page (receipt code); an e-mail carries only the link to that page."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status in Signal.TO_WEIGH:
        raise WorkflowError("the signal has not been handled yet")
    if signal.anonymous:
        raise WorkflowError("an anonymous reporter cannot be given feedback")
    address = reporter_address(signal)
    feedback = ReporterFeedback.objects.create(
        signal=signal, advice=advice, sent_by=actor.acting_user, notified=bool(address)
    )
    record(actor, "casework.signal.feedback", signal)
    if address:
        transaction.on_commit(lambda: notify_reporter.enqueue(feedback.pk))
    return feedback
