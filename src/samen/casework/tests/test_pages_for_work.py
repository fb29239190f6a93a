"""Pages for daily work: the case page's summary, the weighing form that asks only what the
chosen outcome needs, the result with next steps, and signals by urgency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.audit.actor import Actor
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.forms.weighing import WeighingForm
from samen.casework.models import Action, Case, CaseNote, PhaseChange, Review, Signal, Weighing
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def test_case_page_opens_on_a_summary_and_flags_a_missing_case_manager(
    client: Any, world: World
) -> None:
    assert world.case is not None and world.item is not None
    late = meeting_actions.record_action(
        actor_for(world.users["chair"]),
        world.item,
        description="Gesprek met de school",
        owner=world.police,
        due_date=timezone.localdate() - timedelta(days=2),
    )
    login(client, world.users["case_manager"])
    client.cookies["django_language"] = "en"
    response = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("samen-summary") : html.index("samen-toc")]
    assert "No case manager yet." in summary
    assert 'href="#manage"' in summary
    assert late.description in summary and "1 overdue" in summary
    # The next review: the meeting with the case on its agenda.
    assert world.meeting is not None
    assert f"{timezone.localtime(world.meeting.starts_at):%Y}" in summary
    # The sections, and every form behind a <details>.
    for anchor in ("manage", "plan", "participants", "contributions", "assessments"):
        assert f'id="{anchor}"' in html
    assert 'id="attachments"' in html and 'id="timeline"' in html
    assert html.count("<details") >= 8

    world.case.case_manager = world.users["case_manager"]
    world.case.save(update_fields=["case_manager"])
    again = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert b"No case manager yet." not in again.content


def test_the_forms_open_on_demand_and_a_failed_one_comes_back_alone(
    client: Any, world: World
) -> None:
    assert world.case is not None
    login(client, world.users["case_manager"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    html = page.content.decode()
    # Only the case manager's form is open: the case has none yet.
    assert html.count("<details open>") == 1
    assert "<details open><summary>Case manager</summary>" in html
    assert "<details><summary>Add a goal</summary>" in html
    # A failed form comes back on a page of its own, open (no <details>), with the way back.
    response = client.post(reverse("casework:case_goal", kwargs={"pk": world.case.pk}), {})
    assert response.status_code == 422
    html = response.content.decode()
    assert "<h1>Add a goal</h1>" in html and "<details><summary>" not in html
    assert '<form method="post" id="goal_form"' in html
    back = reverse("casework:case_detail", kwargs={"pk": world.case.pk}) + "#goal_form"
    assert f'<a href="{back}">Back to the case</a>' in html


def form_for(world: World, **data: Any) -> WeighingForm:
    return WeighingForm({"reasons": "Zorgen", **data}, municipality_id=world.municipality.pk)


def test_weighing_ignores_the_fields_of_other_outcomes(world: World) -> None:
    # Fields left over from another outcome (chosen first, then changed) are ignored, even
    # when they are not valid.
    form = form_for(world, outcome="no_concern", participants=["999999"], referred_to="999999")
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["participants"]) == []
    assert form.cleaned_data["referred_to"] is None
    assert form.cleaned_data["referral_question"] == ""
    # The chosen outcome's fields are still required and checked.
    assert not form_for(world, outcome="admit").is_valid()
    assert not form_for(world, outcome="refer_care", participants=[world.police.pk]).is_valid()
    assert not form_for(world, outcome="refer_care", referred_to=world.youth.pk).is_valid()
    refer = form_for(
        world, outcome="refer_care", referred_to=world.youth.pk, referral_question="Hulp bieden"
    )
    assert refer.is_valid() and list(refer.cleaned_data["participants"]) == []


def test_weighing_page_marks_the_fields_of_one_outcome(client: Any, world: World) -> None:
    assert world.signal is not None
    login(client, world.users["weighing_team"])
    html = client.get(reverse("casework:signal_detail", kwargs={"pk": world.signal.pk})).content
    assert b'data-shown-for="admit"' in html
    assert b'data-shown-for="refer_care"' in html


def test_after_admitting_the_page_links_to_the_case_with_next_steps(
    client: Any, world: World
) -> None:
    assert world.signal is not None
    user = world.users["weighing_team"]
    login(client, user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("casework:signal_weigh", kwargs={"pk": world.signal.pk}),
        {"outcome": "admit", "reasons": "Zorgen", "participants": [world.police.pk]},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?weighed=1#result")
    page = client.get(response["Location"]).content.decode()
    case = Case.objects.get(origin=world.signal)
    case_url = reverse("casework:case_detail", kwargs={"pk": case.pk})
    result = page[page.index('id="result"') : page.index("</section>")]
    assert f"The signal is now case {case.reference}." in result
    assert f'href="{case_url}"' in result
    assert "Weigh the next signal" in result


def test_signals_are_listed_by_urgency(client: Any, world: World) -> None:
    assert world.signal is not None and world.weighed_signal is not None
    older = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Eerder gemeld",
        anonymous=True,
    ).signal
    Signal.objects.filter(pk=older.pk).update(received_at=timezone.now() - timedelta(days=30))
    newest_weighed = world.weighed_signal
    login(client, world.users["advisor"])
    page = client.get(reverse("casework:signal_list")).context["page"]
    order = [signal.pk for signal in page.object_list]
    # Waiting signals first, the longest waiting on top; then the weighed ones.
    assert order.index(older.pk) < order.index(world.signal.pk) < order.index(newest_weighed.pk)
    assert Weighing.objects.filter(signal=newest_weighed).exists()


def test_one_form_per_agenda_item(client: Any, world: World) -> None:
    assert world.meeting is not None and world.item is not None and world.case is not None
    login(client, world.users["chair"])
    client.cookies["django_language"] = "en"
    url = reverse("casework:item_record", kwargs={"pk": world.meeting.pk, "item_pk": world.item.pk})
    page = client.get(reverse("casework:meeting_detail", kwargs={"pk": world.meeting.pk}))
    html = page.content.decode()
    start = html.index(f'id="agenda-item-{world.item.pk}"')
    item = html[start : html.index("</section>", start)]
    # The item's form is not on the page: its <details> fetches it from its own address (htmx),
    # its link opens it on a page of its own.
    assert "<form" not in item
    assert f'hx-get="{url}"' in item and f'href="{url}"' in item
    assert f"Record for {world.case.reference}" in item
    fetched = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fetched.count("<form") == 1 and f'action="{url}"' in fetched
    assert f'hx-post="{url}"' in fetched and 'id="record-' in fetched
    alone = client.get(url).content.decode()
    assert f'action="{url}"' in alone and world.meeting.title in alone

    prefix = f"record-{world.item.pk}"
    empty = client.post(url, {})
    assert empty.status_code == 422
    assert b"Fill in the information shared, a decision or an action." in empty.content
    no_owner = client.post(url, {f"{prefix}-action": "Bel de school"})
    assert no_owner.status_code == 422
    assert b"Name the organisation that owns the action." in no_owner.content
    assert b"Give the date the action is due." in no_owner.content
    assert not Action.objects.filter(agenda_item=world.item).exists()

    due = timezone.localdate() + timedelta(days=7)
    done = client.post(
        url,
        {
            f"{prefix}-shared": "De school ziet verbetering.",
            f"{prefix}-decision": "Mentor blijft betrokken.",
            f"{prefix}-action": "Bel de school",
            f"{prefix}-owner": world.youth.pk,
            f"{prefix}-due_date": due.isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    assert done.status_code == 200
    assert f"Recorded for {world.case.reference}.".encode() in done.content
    assert world.item.decisions.get().text == "Mentor blijft betrokken."
    action = Action.objects.get(agenda_item=world.item)
    assert (action.owner, action.due_date) == (world.youth, due)
    assert CaseNote.objects.filter(agenda_item=world.item).exists()

    # Without htmx: back to the item on the meeting page.
    again = client.post(url, {f"{prefix}-decision": "Nog een besluit."})
    assert again.status_code == 302
    assert again["Location"].endswith(f"#agenda-item-{world.item.pk}")


def test_the_closing_reason_shows_in_the_readers_language(client: Any, world: World) -> None:
    assert world.case is not None
    case_actions.request_closure(
        actor_for(world.users["case_manager"]),
        world.case,
        closing_reason="goals_reached",
        explanation="Terug op school.",
    )
    case_actions.decide_closure(actor_for(world.users["chair"]), world.case, approve=True)
    change = PhaseChange.objects.get(case=world.case, to_phase="closed")
    assert change.reason == "Terug op school."  # the code stays on the request, no text
    login(client, world.users["chair"])
    for language, label in (("fr", "Objectifs atteints"), ("nl", "Doelen bereikt")):
        client.cookies["django_language"] = language
        page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
        assert f"{label}: Terug op school.".encode() in page.content


def test_a_rows_removal_reason_uses_the_shared_error_summary(client: Any, world: World) -> None:
    assert world.case is not None
    login(client, world.users["case_manager"])
    client.cookies["django_language"] = "en"
    rows = list(world.case.participations.current().exclude(organisation=world.municipality))
    assert len(rows) >= 2
    chosen = rows[0]
    url = reverse(
        "casework:case_remove_participant",
        kwargs={"pk": world.case.pk, "participation_pk": chosen.pk},
    )
    response = client.post(url, {"removal-reason": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "<title>Error:" in html
    field = f"id_removal-reason-{chosen.pk}"
    # The error summary links to the row's own field; the error is tied to the field.
    start = html.index("data-error-summary")
    summary = html[start : html.index("</ul>", start)]
    assert f'href="#{field}"' in summary
    assert "Give a reason for removing the organisation." in summary
    assert f'id="{field}_error"' in html and f'aria-describedby="{field}_error"' in html
    # The failed row's form comes back alone, named by its row.
    assert html.count('name="removal-reason"') == 1
    assert f"<h1>Remove {chosen.organisation.name}</h1>" in html
    # Each row's form, opened from the case page, has ids of its own.
    for row in rows:
        opened = client.get(
            reverse(
                "casework:case_remove_participant",
                kwargs={"pk": world.case.pk, "participation_pk": row.pk},
            ),
            headers={"HX-Request": "true"},
        ).content.decode()
        assert f'id="id_removal-reason-{row.pk}"' in opened
        assert f'<form method="post" id="removal_form-{row.pk}"' in opened
    # Corrected, the organisation is removed and the page returns to the list.
    done = client.post(url, {"removal-reason": "Niet meer nodig"})
    assert done.status_code == 302 and done["Location"].endswith("#participants")


def test_a_reviews_findings_use_the_shared_error_summary(client: Any, world: World) -> None:
    assert world.case is not None
    Case.objects.filter(pk=world.case.pk).update(phase="closed")
    today = timezone.localdate()
    first, second = (
        Review.objects.create(case=world.case, due_on=today + timedelta(days=days))
        for days in (180, 365)
    )
    login(client, world.users["chair"])
    client.cookies["django_language"] = "en"
    url = reverse("casework:case_review", kwargs={"pk": world.case.pk, "review_pk": second.pk})
    response = client.post(url, {"review-note": ""})
    assert response.status_code == 422
    html = response.content.decode()
    field = f"id_review-note-{second.pk}"
    assert f'href="#{field}"' in html and "Describe the findings of the review." in html
    assert f'aria-describedby="{field}_error"' in html
    assert f'id="id_review-note-{first.pk}"' not in html
    # The case page offers each review's form, fetched with ids of its own when opened.
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    for review in (first, second):
        form_url = reverse(
            "casework:case_review", kwargs={"pk": world.case.pk, "review_pk": review.pk}
        )
        assert f'id="review_form-{review.pk}"' in page.content.decode()
        assert f'hx-get="{form_url}"' in page.content.decode()
        opened = client.get(form_url, headers={"HX-Request": "true"}).content.decode()
        assert f'id="id_review-note-{review.pk}"' in opened
    done = client.post(url, {"review-note": "Geen nieuwe signalen."})
    assert done.status_code == 302 and done["Location"].endswith("#reviews")
    second.refresh_from_db()
    assert second.note == "Geen nieuwe signalen." and second.done_at is not None
