"""The reporting point: follow-up with the receipt code, phone/visit intake, same-person
signals side by side, the weighing term, and weighing with criteria, advice and referral."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Signal, SignalAddition, Weighing, WeighingCriterion
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def public_signal(world: World, **kwargs: Any) -> intake_actions.Receipt:
    defaults: dict[str, Any] = {
        "municipality": world.municipality,
        "channel": Signal.Channel.PUBLIC_FORM,
        "observation": "Zorgen",
        "anonymous": True,
    }
    return intake_actions.report_signal(Actor.system("test"), **{**defaults, **kwargs})


def test_reporter_follows_up_with_the_receipt_code(client: Any, world: World) -> None:
    receipt = public_signal(world, observation="Eerste melding")
    wrong = client.post(reverse("casework:report_follow_up"), {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    assert AuditEntry.objects.filter(action="casework.signal.followup", outcome="denied").exists()

    response = client.post(
        reverse("casework:report_follow_up"), {"code": receipt.code.lower().replace("-", " ")}
    )
    assert response.status_code == 302
    assert receipt.code not in response["Location"]
    status = client.get(reverse("casework:report_status"))
    assert receipt.signal.reference.encode() in status.content
    assert b"Eerste melding" not in status.content  # the report's content is not shown back

    client.post(reverse("casework:report_status"), {"text": "Hij is vandaag vertrokken."})
    addition = SignalAddition.objects.get(signal=receipt.signal)
    assert addition.source == SignalAddition.Source.REPORTER
    assert addition.text == "Hij is vandaag vertrokken."


def test_reporter_never_learns_that_a_case_was_opened(client: Any, world: World) -> None:
    receipt = public_signal(world, subject_name="Iemand")
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        receipt.signal,
        outcome=Weighing.Outcome.ADMIT,
        reasons="x",
        participants=[world.police],
    )
    client.post(reverse("casework:report_follow_up"), {"code": receipt.code})
    page = client.get(reverse("casework:report_status")).content.decode()
    assert "C-" not in page
    assert "case" not in page.lower().replace("casework", "")


def test_advisor_registers_a_phone_call(client: Any, world: World) -> None:
    login(client, world.users["advisor"])
    response = client.post(
        reverse("casework:signal_register"),
        {
            "channel": "phone",
            "observation": "Een docent belde over een leerling.",
            "reporter_name": "Docent",
            "reporter_contact": "010-0000000",
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get(channel=Signal.Channel.PHONE)
    assert signal.municipality == world.municipality
    assert signal.reporter_name == "Docent"


def test_signals_about_the_same_person_are_shown_side_by_side(client: Any, world: World) -> None:
    first = public_signal(world, subject_name="Jan de Vries", subject_birth_date="2008-01-02")
    second = public_signal(world, subject_name="  jan DE vries ", subject_birth_date="2008-01-02")
    other_day = public_signal(world, subject_name="Jan de Vries", subject_birth_date="2009-01-02")
    elsewhere = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.other_municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="x",
        anonymous=True,
        subject_name="Jan de Vries",
        subject_birth_date="2008-01-02",
    )
    login(client, world.users["advisor"])
    page = client.get(reverse("casework:signal_detail", kwargs={"pk": first.signal.pk}))
    shown = list(page.context["same_person"])
    assert shown == [second.signal]
    assert other_day.signal not in shown and elsewhere.signal not in shown
    assert Signal.objects.filter(pk__in=[first.signal.pk, second.signal.pk]).count() == 2


def test_overdue_signals_stand_out(client: Any, world: World, settings: Any) -> None:
    settings.WEIGHING_TERM_DAYS = 10
    old = public_signal(world, received_at=timezone.now() - timedelta(days=11))
    login(client, world.users["advisor"])
    listing = client.get(reverse("casework:signal_list"), {"status": "to_weigh"})
    assert old.signal in listing.context["page"].object_list
    assert listing.content.count(b'class="overdue"') == 1
    assert client.get(reverse("dashboard")).context["signals_overdue"] == 1


def test_weighing_records_criteria_team_advice_and_can_ask_for_more(
    client: Any, world: World
) -> None:
    signal = world.signal
    login(client, world.users["weighing_team"])
    url = reverse("casework:signal_weigh", kwargs={"pk": signal.pk})
    client.post(
        url,
        {
            "outcome": "more_info",
            "reasons": "Te weinig bekend.",
            "advice": "Melder gevraagd om meer te vertellen.",
            "criteria_met": [world.criterion.pk],
            "team": [world.users["weighing_team"].pk],
        },
    )
    signal.refresh_from_db()
    assert signal.status == Signal.Status.MORE_INFO
    first = Weighing.objects.get(signal=signal)
    assert first.advice == "Melder gevraagd om meer te vertellen."
    assert list(first.criteria_met.all()) == [world.criterion]
    assert world.users["weighing_team"] in first.participants.all()

    missing_referral = client.post(url, {"outcome": "refer_care", "reasons": "Zorg nodig."})
    assert missing_referral.status_code == 422
    client.post(
        url,
        {
            "outcome": "refer_care",
            "reasons": "Zorg nodig.",
            "referred_to": world.youth.pk,
            "referral_question": "Hulp bieden",
        },
    )
    signal.refresh_from_db()
    assert signal.status == Signal.Status.REFERRED
    assert Weighing.objects.filter(signal=signal).count() == 2  # appended, not overwritten
    assert Weighing.objects.filter(signal=signal).latest("weighed_at").referred_to == world.youth


def test_coordinator_keeps_the_criteria(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    client.post(
        reverse("casework:criteria"),
        {"text_nl": "Contact met rekruteerders", "position": 2, "active": "on"},
    )
    added = WeighingCriterion.objects.get(text_nl="Contact met rekruteerders")
    assert added.municipality == world.municipality
    client.post(
        reverse("casework:criterion_edit", kwargs={"pk": world.criterion.pk}),
        {"text_nl": world.criterion.text_nl, "position": 1},
    )
    world.criterion.refresh_from_db()
    assert not world.criterion.active
    login(client, world.users["weighing_team"])
    form = client.get(reverse("casework:signal_detail", kwargs={"pk": world.signal.pk})).context[
        "form"
    ]
    assert list(form.fields["criteria_met"].queryset) == [added]
    assert AuditEntry.objects.filter(action="casework.criterion.update").exists()
