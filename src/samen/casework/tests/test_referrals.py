"""Referrals that close the loop: the receiving organisation accepts or declines, the weighing
team follows open referrals and their age, and the reporter gets feedback by a link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import UserFactory
from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import referrals as referral_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Referral, ReporterFeedback, Signal, Weighing
from samen.casework.tests.factories import World, actor_for, referred_signal
from samen.casework.tests.test_query_counts import count_queries
from samen.conftest import login

pytestmark = pytest.mark.django_db


def receiver(world: World) -> Any:
    """The casework user of GGZ, the organisation the test referrals go to."""
    return world.users["outsider"]


def test_weighing_refers_with_what_is_asked_and_tells_the_receiver_by_link(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    signal = world.signal
    ggz = receiver(world)
    ggz.email = "ggz@example.invalid"
    ggz.save()
    login(client, world.users["weighing_team"])
    url = reverse("casework:signal_weigh", kwargs={"pk": signal.pk})
    data = {
        "outcome": "refer_care",
        "reasons": "Intern oordeel",
        "referred_to": ggz.organisation_id,
    }
    missing = client.post(url, data)
    assert missing.status_code == 422
    assert "referral_question" in missing.context["form"].errors
    assert missing.context["form"]["reasons"].value() == "Intern oordeel"  # nothing is lost
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url, {**data, "referral_question": "Contact opnemen", "referral_reason": "Somber"}
        )
    assert done.status_code == 302
    referral = Referral.objects.get(signal=signal)
    assert (referral.question, referral.reason) == ("Contact opnemen", "Somber")
    assert referral.status == Referral.Status.OPEN
    assert referral.organisation_id == ggz.organisation_id
    assert [m.to for m in mail.outbox] == [["ggz@example.invalid"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert reverse("casework:referral_detail", args=[referral.pk]) in text
    for secret in ("Test Persoon", signal.reference, "Contact opnemen", "Somber", "Intern"):
        assert secret not in text
    page = client.get(reverse("casework:signal_detail", kwargs={"pk": signal.pk}))
    assert list(page.context["referrals"]) == [referral]


def test_the_receiver_sees_what_is_asked_and_nothing_else_of_the_signal(
    client: Any, world: World
) -> None:
    referral = referred_signal(world)
    login(client, receiver(world))
    listing = client.get(reverse("casework:referral_list"))
    assert list(listing.context["page"].object_list) == [referral]
    assert AuditEntry.objects.filter(action="casework.referral.list").exists()
    page = client.get(reverse("casework:referral_detail", kwargs={"pk": referral.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    for shown in ("Wilt u hulp bieden?", "Somber en verward", "Derde Persoon", "Teststad"):
        assert shown in html
    # Not the weighing team's reasons, the observation or the reporter.
    for hidden in ("Interne notitie", "Geheime observatie", "Docent", "docent@example"):
        assert hidden not in html
    assert AuditEntry.objects.filter(
        action="casework.referral.view", object_id=str(referral.pk)
    ).exists()


@pytest.mark.parametrize("actor", ["case_table_member", "case_manager", "youthcare", "elsewhere"])
def test_other_organisations_do_not_see_the_referral(client: Any, world: World, actor: str) -> None:
    referral = referred_signal(world)
    user = world.users[actor]
    assert not policy.referrals_visible_to(user).exists()
    login(client, user)
    assert list(client.get(reverse("casework:referral_list")).context["page"]) == []
    url = reverse("casework:referral_detail", kwargs={"pk": referral.pk})
    assert client.get(url).status_code == 404
    answer = client.post(url, {"decision": "accept", "reason": "Ja"})
    assert answer.status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN
    assert AuditEntry.objects.filter(
        action="casework.referral.view", outcome=AuditEntry.Outcome.DENIED
    ).exists()


def test_a_deactivated_colleague_sees_nothing(world: World) -> None:
    referred_signal(world)
    colleague = UserFactory(organisation=world.outsider_org, roles=["case_table_member"])
    assert policy.referrals_visible_to(colleague).count() == 1
    colleague.is_active = False
    assert not policy.referrals_visible_to(colleague).exists()
    assert not policy.referrals_visible_to(world.users["reporter"]).exists()


def test_the_receiver_accepts_or_declines_with_a_reason(client: Any, world: World) -> None:
    referral = referred_signal(world)
    login(client, receiver(world))
    url = reverse("casework:referral_detail", kwargs={"pk": referral.pk})
    bad = client.post(url, {"decision": "decline"})
    assert bad.status_code == 422
    assert "reason" in bad.context["form"].errors
    assert bad.context["form"]["decision"].value() == "decline"
    ok = client.post(url, {"decision": "decline", "reason": "Geen plek op de wachtlijst"})
    assert ok.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decision_reason == "Geen plek op de wachtlijst"
    assert referral.decided_by == receiver(world) and referral.decided_at is not None
    assert AuditEntry.objects.filter(
        action="casework.referral.decide", object_id=str(referral.pk)
    ).exists()
    # Decided once: the form is gone and a second decision changes nothing.
    page = client.get(url)
    assert b'name="decision"' not in page.content
    client.post(url, {"decision": "accept", "reason": "Toch wel"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED


def test_the_decision_holds_its_rules(world: World) -> None:
    referral = referred_signal(world)
    with pytest.raises(WorkflowError):
        referral_actions.decide_referral(
            actor_for(world.users["case_manager"]), referral, accept=True, reason="Ja"
        )
    ggz = actor_for(receiver(world))
    with pytest.raises(WorkflowError):
        referral_actions.decide_referral(ggz, referral, accept=True, reason="  ")
    accepted = referral_actions.decide_referral(ggz, referral, accept=True, reason="Welkom")
    assert accepted.status == Referral.Status.ACCEPTED
    with pytest.raises(WorkflowError):
        referral_actions.decide_referral(ggz, referral, accept=False, reason="Toch niet")


def test_the_weighing_team_sees_open_referrals_oldest_first_with_their_age(
    client: Any, world: World, settings: Any
) -> None:
    settings.REFERRAL_TERM_DAYS = 14
    old = referred_signal(world)
    new = referred_signal(world)
    decided = referred_signal(world)
    Referral.objects.filter(pk=old.pk).update(referred_at=timezone.now() - timedelta(days=20))
    Referral.objects.filter(pk=new.pk).update(referred_at=timezone.now() - timedelta(days=3))
    referral_actions.decide_referral(
        actor_for(receiver(world)), decided, accept=True, reason="Aangenomen"
    )
    login(client, world.users["weighing_team"])
    page = client.get(reverse("casework:referral_overview"))
    waiting = page.context["waiting"]
    assert [w.referral for w in waiting] == [old, new]
    assert [(w.age_days, w.overdue) for w in waiting] == [(20, True), (3, False)]
    assert b"overdue" in page.content
    assert [r.pk for r in page.context["decided"]] == [decided.pk]
    assert not page.context["decided"][0].feedback_sent
    assert AuditEntry.objects.filter(action="casework.referral.open_list").exists()
    # The other municipality's weighing team sees none of them.
    login(client, world.users["elsewhere"])
    other = client.get(reverse("casework:referral_overview"))
    assert other.context["waiting"] == [] and other.context["decided"] == []


def test_the_dashboard_counts_referrals(client: Any, world: World) -> None:
    referral = referred_signal(world)
    Referral.objects.filter(pk=referral.pk).update(referred_at=timezone.now() - timedelta(days=30))
    login(client, world.users["weighing_team"])
    page = client.get(reverse("dashboard"))
    assert (page.context["referrals_open"], page.context["referrals_overdue"]) == (1, 1)
    login(client, receiver(world))
    assert client.get(reverse("dashboard")).context["referrals_to_decide"] == 1
    login(client, world.users["case_table_member"])
    assert client.get(reverse("dashboard")).context["referrals_to_decide"] == 0


def reported_by_email(world: World, *, anonymous: bool = False) -> intake_actions.Receipt:
    receipt = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Zorgen over een buurjongen",
        anonymous=anonymous,
        reporter_name="" if anonymous else "Buurvrouw",
        reporter_contact="" if anonymous else "buurvrouw@example.invalid",
        subject_name="Vierde Persoon",
    )
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        receipt.signal,
        outcome=Weighing.Outcome.REFER_CARE,
        reasons="Intern",
        referred_to=world.outsider_org,
        referral_question="Hulp",
    )
    return receipt


def test_feedback_reaches_the_reporter_by_link_and_the_follow_up_page(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    receipt = reported_by_email(world)
    signal = receipt.signal
    login(client, world.users["weighing_team"])
    detail = client.get(reverse("casework:signal_detail", kwargs={"pk": signal.pk}))
    assert detail.context["feedback_form"] is not None
    url = reverse("casework:signal_feedback", kwargs={"pk": signal.pk})
    empty = client.post(url, {"advice": ""})
    assert empty.status_code == 422 and "advice" in empty.context["feedback_form"].errors
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"advice": "Blijf in gesprek met hem"})
    assert sent.status_code == 302
    feedback = ReporterFeedback.objects.get(signal=signal)
    assert feedback.notified and feedback.sent_by == world.users["weighing_team"]
    assert AuditEntry.objects.filter(
        action="casework.signal.feedback", object_id=str(signal.pk)
    ).exists()
    assert [m.to for m in mail.outbox] == [["buurvrouw@example.invalid"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert reverse("casework:report_follow_up") in text
    for secret in ("Blijf in gesprek", signal.reference, "Vierde Persoon", "GGZ"):
        assert secret not in text
    # The reporter reads it with the receipt code.
    client.logout()
    client.post(reverse("casework:report_follow_up"), {"code": receipt.code})
    status = client.get(reverse("casework:report_status"))
    assert list(status.context["feedback"]) == [feedback]
    assert "Blijf in gesprek met hem" in status.content.decode()
    assert "GGZ" not in status.content.decode()  # never to whom the person was referred


def test_a_professional_reporter_is_told_at_their_account_address(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    reporter = world.users["reporter"]
    reporter.email = "leraar@example.invalid"
    reporter.save()
    signal = intake_actions.report_signal(
        actor_for(reporter),
        municipality=world.municipality,
        channel=Signal.Channel.PARTNER_FORM,
        observation="Leerling",
        anonymous=False,
        reporter_name=reporter.full_name,
        reporter_contact="",
        reporter=reporter,
    ).signal
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome=Weighing.Outcome.NO_CONCERN,
        reasons="Geen zorgen",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral_actions.send_feedback(
            actor_for(world.users["weighing_team"]), signal, advice="Dank u"
        )
    assert [m.to for m in mail.outbox] == [["leraar@example.invalid"]]


def test_an_anonymous_reporter_gets_no_feedback_content(client: Any, world: World) -> None:
    receipt = reported_by_email(world, anonymous=True)
    signal = receipt.signal
    weigher = actor_for(world.users["weighing_team"])
    with pytest.raises(WorkflowError):
        referral_actions.send_feedback(weigher, signal, advice="Advies")
    login(client, world.users["weighing_team"])
    detail = client.get(reverse("casework:signal_detail", kwargs={"pk": signal.pk}))
    assert detail.context["feedback_form"] is None
    # Even a row written past the action is never shown on the anonymous follow-up page.
    ReporterFeedback.objects.create(signal=signal, advice="Geheim advies", sent_by=weigher.user)
    client.logout()
    client.post(reverse("casework:report_follow_up"), {"code": receipt.code})
    status = client.get(reverse("casework:report_status"))
    assert "Geheim advies" not in status.content.decode()


def test_feedback_waits_until_the_signal_is_handled(world: World) -> None:
    with pytest.raises(WorkflowError):
        referral_actions.send_feedback(
            actor_for(world.users["weighing_team"]), world.signal, advice="Te vroeg"
        )


def test_a_contact_that_is_no_address_gets_no_mail(world: World) -> None:
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PHONE,
        observation="Telefoon",
        anonymous=False,
        reporter_name="Beller",
        reporter_contact="06-12345678",
    ).signal
    assert referral_actions.reporter_address(signal) == ""


def test_the_subject_access_export_lists_the_referral(world: World) -> None:
    referral = referred_signal(world)
    data = referral.subject_data()
    assert data["question"] == "Wilt u hulp bieden?" and data["referred_to"] == "GGZ"


def _grow(world: World, n: int) -> None:
    for _ in range(n):
        referral = referred_signal(world)
        referral_actions.decide_referral(
            actor_for(receiver(world)), referral, accept=True, reason="Ja"
        )
        referred_signal(world)


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("casework:referral_list", "outsider"),
        ("casework:referral_overview", "weighing_team"),
        ("casework:referral_detail", "outsider"),
        ("dashboard", "weighing_team"),
    ],
)
def test_referral_pages_do_not_grow_with_data(
    client: Any, world: World, name: str, actor: str
) -> None:
    first = referred_signal(world)
    login(client, world.users[actor])
    url = reverse(name, kwargs={"pk": first.pk} if name.endswith("detail") else None)
    _grow(world, 2)
    small = count_queries(client, url)
    _grow(world, 6)
    large = count_queries(client, url)
    assert large == small, f"{name}: {small} queries with less data, {large} with more"
