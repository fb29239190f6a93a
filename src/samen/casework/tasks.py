"""Background work: notifications carry a link, never personal data."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from samen.accounts.capabilities import Capability
from samen.accounts.queries import users_with
from samen.casework.models import (
    Action,
    CaseParticipation,
    ExpertOrder,
    KnownElsewhereNotice,
    Referral,
    ReporterFeedback,
)

logger = logging.getLogger(__name__)


def _link(name: str, *args: int) -> str:
    """The absolute address of a page of samen: the only thing about it a message carries."""
    return settings.BASE_URL.rstrip("/") + reverse(name, args=args or None)


def _send(recipients: Iterable[str], compose: Callable[[], tuple[str, str]], event: str) -> int:
    """One message to each address, composed in the installation's language; the number sent
    is logged under ``event`` (no addresses or content in the log)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = compose()
    sent = send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients],
        fail_silently=False,
    )
    logger.info(event, extra={"count": sent})
    return sent


@task()
def notify_action_owner(action_id: int) -> int:
    """E-mail the case-table members of the organisation that owns a new action.

    The message says only that there is a new action and links to "my actions": no name, case
    reference or action text leaves samen by e-mail."""

    action = Action.objects.select_related("owner").filter(pk=action_id).first()
    if action is None:
        return 0
    recipients = [
        user.email for user in users_with(Capability.VIEW_CASES, [action.owner_id]) if user.email
    ]
    link = _link("casework:my_actions")
    return _send(
        recipients,
        lambda: (
            _("samen: a new action for your organisation"),
            _(
                "The case table recorded a new action for your organisation, due %(due)s.\n"
                "See it in samen (log in first): %(link)s"
            )
            % {"due": action.due_date.isoformat(), "link": link},
        ),
        "action notification sent",
    )


@task()
def notify_case_participants(case_id: int) -> int:
    """E-mail the case-table members of the organisations taking part in a case that there is
    news in it (a signal added to it). Only a link to the case page leaves samen: no name,
    reference or text; the reader logs in and the case page applies the policy."""

    organisations = list(
        CaseParticipation.objects.current()
        .filter(case_id=case_id)
        .values_list("organisation_id", flat=True)
    )
    if not organisations:
        return 0
    recipients = [
        user.email for user in users_with(Capability.VIEW_CASES, organisations) if user.email
    ]
    link = _link("casework:case_detail", case_id)
    return _send(
        recipients,
        lambda: (
            _("samen: news in a case your organisation takes part in"),
            _(
                "There is news in a case your organisation takes part in.\n"
                "See it in samen (log in first): %(link)s"
            )
            % {"link": link},
        ),
        "case notification sent",
    )


@task()
def remind_postponed_informing() -> int:
    """E-mail the case managers of the directing municipality of each open case whose
    postponement of informing the person has passed: a link to the case page, nothing else.
    Run daily (``samen remind-informing``); it reminds again until a new decision is recorded."""
    from samen.casework.queries.informing import postponements_passed

    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("samen: informing the person is due again")
        for case_id, municipality_id in postponements_passed(timezone.localdate()).values_list(
            "pk", "municipality_id"
        ):
            link = _link("casework:case_detail", case_id)
            body = _(
                "The postponement of informing the person of a case has passed. Decide again.\n"
                "See it in samen (log in first): %(link)s"
            ) % {"link": link}
            recipients = [
                user.email
                for user in users_with(Capability.MANAGE_CASES, [municipality_id])
                if user.email
            ]
            sent += send_mass_mail(
                [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients],
                fail_silently=False,
            )
    logger.info("informing reminders sent", extra={"count": sent})
    return sent


@task()
def notify_referral(referral_id: int) -> int:
    """E-mail the casework users of the organisation a signal was referred to that there is a
    referral to accept or decline: a link to the referral page, nothing else."""
    referral = Referral.objects.filter(pk=referral_id).values("organisation_id").first()
    if referral is None:
        return 0
    recipients = [
        user.email
        for user in users_with(Capability.VIEW_CASES, [referral["organisation_id"]])
        if user.email
    ]
    link = _link("casework:referral_detail", referral_id)
    return _send(
        recipients,
        lambda: (
            _("samen: a referral to your organisation"),
            _(
                "A municipality referred someone to your organisation. Accept or decline it.\n"
                "See it in samen (log in first): %(link)s"
            )
            % {"link": link},
        ),
        "referral notification sent",
    )


@task()
def notify_reporter(feedback_id: int) -> int:
    """E-mail the reporter of a signal that there is feedback on the report: a link to the
    follow-up page, where the receipt code opens it. No reference, name or advice in the mail."""
    from samen.casework.actions.referrals import reporter_address

    feedback = (
        ReporterFeedback.objects.select_related("signal__reporter_user")
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None:
        return 0
    address = reporter_address(feedback.signal)
    if not address:
        return 0
    link = _link("casework:report_follow_up")
    return _send(
        [address],
        lambda: (
            _("samen: feedback on your report"),
            _(
                "The reporting point has handled your report and left feedback for you.\n"
                "Read it with the receipt code of your report: %(link)s"
            )
            % {"link": link},
        ),
        "reporter feedback notification sent",
    )


@task()
def notify_transfer(transfer_id: int, municipality_id: int) -> int:
    """E-mail the coordinators of one side of a transfer (the receiving municipality when it is
    proposed, the sending one when it is decided) that there is news about a transfer: a link
    to the transfer's page, nothing else (no name, reference, municipality or reason)."""
    recipients = [
        user.email
        for user in users_with(Capability.CHAIR_MEETINGS, [municipality_id])
        if user.email and user.has_casework_role
    ]
    link = _link("casework:transfer_detail", transfer_id)
    return _send(
        recipients,
        lambda: (
            _("samen: news about the transfer of a case"),
            _(
                "There is news about the transfer of a case between municipalities.\n"
                "See it in samen (log in first): %(link)s"
            )
            % {"link": link},
        ),
        "transfer notification sent",
    )


@task()
def notify_expert_order(order_id: int) -> int:
    """E-mail the expert or provider that there is an order for them: a link to the order's
    page, nothing else (no name, reference, question or due date)."""
    order = ExpertOrder.objects.select_related("expert__user").filter(pk=order_id).first()
    if order is None or not order.expert.user.email:
        return 0
    link = _link("casework:order_detail", order_id)
    return _send(
        [order.expert.user.email],
        lambda: (
            _("samen: an order for you"),
            _(
                "A municipality ordered an assessment or intervention from you.\n"
                "See it in samen (log in first): %(link)s"
            )
            % {"link": link},
        ),
        "expert order notification sent",
    )


@task()
def notify_order_delivered(order_id: int) -> int:
    """E-mail who ordered and the case managers of the case's municipality that the expert's
    report is in: a link to the case page, nothing else."""
    order = ExpertOrder.objects.select_related("case", "ordered_by").filter(pk=order_id).first()
    if order is None:
        return 0
    addresses = {order.ordered_by.email} if order.ordered_by.email else set()
    addresses |= {
        user.email
        for user in users_with(Capability.MANAGE_CASES, [order.case.municipality_id])
        if user.email
    }
    link = _link("casework:case_detail", order.case_id)
    return _send(
        sorted(addresses),
        lambda: (
            _("samen: a report from an expert"),
            _(
                "An expert or provider delivered the report of an order.\n"
                "See it in samen (log in first): %(link)s"
            )
            % {"link": link},
        ),
        "expert report notification sent",
    )


@task()
def notify_known_elsewhere(notice_id: int) -> int:
    """E-mail the coordinators of a municipality that another municipality has a signal about a
    person known in its casework: a link to the start page, where the notice names the other
    municipality and whom to contact; nothing about the person."""
    notice = KnownElsewhereNotice.objects.filter(pk=notice_id).values("municipality_id").first()
    if notice is None:
        return 0
    recipients = [
        user.email
        for user in users_with(Capability.CHAIR_MEETINGS, [notice["municipality_id"]])
        if user.email and user.has_casework_role
    ]
    link = _link("dashboard")
    return _send(
        recipients,
        lambda: (
            _("samen: a person known in your municipality"),
            _(
                "A colleague in another municipality has a signal about a person known in your "
                "municipality's casework.\nSee whom to contact in samen (log in first): %(link)s"
            )
            % {"link": link},
        ),
        "known elsewhere notification sent",
    )
