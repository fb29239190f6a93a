"""A form of the case page that fails validation comes back on a page of its own (decision
0017): the case's heading, the one form with its error summary and everything typed, posting
to the same address, a way back to the form on the case page; recorded as a read of the case;
its queries do not grow with what the case holds."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samen.audit.models import AuditEntry
from samen.casework.models import Case, ConcernAssessment, Review
from samen.casework.tests.factories import World
from samen.casework.tests.test_case_page_budget import everything_on
from samen.casework.views.case_forms import CASE_FORMS
from samen.conftest import login

pytestmark = pytest.mark.django_db

# Every change of the case page whose empty form fails, with the form's name there and the
# section the way back leads to. (The case manager and the plan's approval have no required
# field: their empty form is a change.)
FORMS = [
    ("case_move", "move_form", "move_form"),
    ("case_request_closure", "closure_form", "closure_form"),
    ("case_decide_closure", "decide_form", "decide_form"),
    ("case_reopen", "reopen_form", "reopen_form"),
    ("case_review", "review_form", "reviews"),
    ("case_add_participant", "participant_form", "participant_form"),
    ("case_remove_participant", "removal_form", "participants"),
    ("case_concern", "concern_form", "concern_form"),
    ("case_note", "note_form", "note_form"),
    ("case_goal", "goal_form", "goal_form"),
    ("case_intervention", "intervention_form", "intervention_form"),
    ("case_assessment", "assessment_form", "assessment_form"),
    ("case_attachment", "attachment_form", "attachments"),
    ("case_travel", "travel_form", "travel_form"),
    ("case_informing", "informing_form", "informing_form"),
    ("case_hand_over", "handover_form", "handover_form"),
    ("case_link", "link_form", "link_form"),
    ("case_transfer", "transfer_form", "transfer"),
    ("case_order", "order_form", "orders"),
]


def url_of(world: World, case: Case, view: str) -> str:
    kwargs: dict[str, Any] = {"pk": case.pk}
    if view == "case_review":
        kwargs["review_pk"] = Review.objects.create(
            case=case, due_on=timezone.localdate() + timedelta(days=180)
        ).pk
    if view == "case_remove_participant":
        kwargs["participation_pk"] = case.participations.get(organisation=world.police).pk
    return reverse(f"casework:{view}", kwargs=kwargs)


def expected_form_id(name: str, url: str) -> str:
    """The form's id: its name, and for a form of one row the row's key (the last in its
    address)."""
    if name in ("removal_form", "review_form"):
        return f"{name}-{re.findall(r'[0-9]+', url)[-1]}"
    return name


def expected_title(name: str) -> str:
    """The form's title in English; the removal form names the organisation of its row."""
    with translation.override("en"):
        return "Remove Politie" if name == "removal_form" else str(CASE_FORMS[name].title)


def reads_of(world: World, case: Case) -> int:
    return AuditEntry.objects.filter(
        action="casework.case.view",
        object_id=str(case.pk),
        user_id=world.users["coordinator"].pk,
    ).count()


def test_every_form_of_the_case_page_is_listed() -> None:
    assert {name for _view, name, _anchor in FORMS} | {"manager_form", "approve_form"} == set(
        CASE_FORMS
    )


@pytest.mark.parametrize(("view", "name", "anchor"), FORMS)
def test_a_failed_form_comes_back_alone(
    client: Any, world: World, view: str, name: str, anchor: str
) -> None:
    case = everything_on(world)
    login(client, world.users["coordinator"])
    client.cookies["django_language"] = "en"
    url = url_of(world, case, view)
    before = reads_of(world, case)
    response = client.post(url, {})
    assert response.status_code == 422
    html = response.content.decode()
    # The title says there is an error; the page is about the form, on the case.
    title = expected_title(name)
    assert f"<title>Error: {title} — {case.reference}" in html
    assert f"<h1>{title}</h1>" in html
    assert f"<dd>{case.reference}</dd>" in html
    assert f"<dd>{case.get_phase_display()}</dd>" in html
    # The one form, with its error summary, posting to the same address.
    assert html.count('<form method="post" id=') == 1
    assert f'<form method="post" id="{expected_form_id(name, url)}" action="{url}"' in html
    assert html.count("data-error-summary") == 1
    assert response.context["form"].errors
    # The way back to the form on the case page.
    back = reverse("casework:case_detail", kwargs={"pk": case.pk}) + f"#{anchor}"
    assert f'href="{back}"' in html
    # Nothing else of the case: no contributions, decisions, timeline or other forms.
    for elsewhere in (
        "gedeeld",
        "bijdrage",
        "besluit",
        "nazorg",
        'id="timeline"',
        "<details><summary>",
    ):
        assert elsewhere not in html
    # Read like the case page: one entry, as the page shows case data.
    assert reads_of(world, case) == before + 1


def test_everything_typed_stays(client: Any, world: World) -> None:
    case = everything_on(world)
    login(client, world.users["coordinator"])
    url = reverse("casework:case_concern", kwargs={"pk": case.pk})
    typed = "Zorgen over contacten <online> & op school"
    response = client.post(url, {"concern-ideology": "other", "concern-reasons": typed})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Zorgen over contacten &lt;online&gt; &amp; op school</textarea>" in html
    assert '<option value="other" selected>' in html
    assert set(response.context["form"].errors) == {"level"}
    # Corrected, the change is made and the answer returns to the form on the case page.
    done = client.post(
        url, {"concern-ideology": "other", "concern-level": "low", "concern-reasons": typed}
    )
    assert done.status_code == 302
    assert done["Location"].endswith("#concern_form")
    assert ConcernAssessment.objects.filter(case=case).latest("set_at").reasons == typed


def test_a_change_is_recorded_as_a_change_not_as_a_read(client: Any, world: World) -> None:
    case = everything_on(world)
    login(client, world.users["coordinator"])
    before = reads_of(world, case)
    url = reverse("casework:case_goal", kwargs={"pk": case.pk})
    assert client.post(url, {"goal-text": "Terug naar school"}).status_code == 302
    assert reads_of(world, case) == before
    assert AuditEntry.objects.filter(action="casework.case.plan").exists()


def test_a_rows_form_names_its_row(client: Any, world: World) -> None:
    case = everything_on(world)
    login(client, world.users["coordinator"])
    client.cookies["django_language"] = "en"
    participation = case.participations.get(organisation=world.police)
    url = reverse(
        "casework:case_remove_participant",
        kwargs={"pk": case.pk, "participation_pk": participation.pk},
    )
    html = client.post(url, {"removal-reason": ""}).content.decode()
    assert "<h1>Remove Politie</h1>" in html
    # The row's own ids, as on the case page: the summary links to the row's field.
    field = f"id_removal-reason-{participation.pk}"
    assert f'href="#{field}"' in html and f'aria-describedby="{field}_error"' in html
    # A review names its due date.
    due = timezone.localdate() + timedelta(days=180)
    review = Review.objects.create(case=case, due_on=due)
    url = reverse("casework:case_review", kwargs={"pk": case.pk, "review_pk": review.pk})
    html = client.post(url, {"review-note": ""}).content.decode()
    assert "<dt>Due</dt>" in html and "Describe the findings of the review." in html
    # A row that is not (or no longer) there is not found, whatever was typed.
    gone = reverse("casework:case_review", kwargs={"pk": case.pk, "review_pk": review.pk + 1})
    assert client.post(gone, {"review-note": ""}).status_code == 404
    other = reverse(
        "casework:case_remove_participant", kwargs={"pk": case.pk, "participation_pk": 0}
    )
    assert client.post(other, {"removal-reason": ""}).status_code == 404


def test_the_page_is_in_dutch_by_default(client: Any, world: World) -> None:
    case = everything_on(world)
    login(client, world.users["coordinator"])
    html = client.post(reverse("casework:case_goal", kwargs={"pk": case.pk}), {}).content.decode()
    assert "<title>Fout: Een doel toevoegen" in html
    assert "Terug naar de casus" in html
    client.cookies["django_language"] = "fr"
    html = client.post(reverse("casework:case_goal", kwargs={"pk": case.pk}), {}).content.decode()
    assert "<title>Erreur : Ajouter un objectif" in html and "Retour au cas" in html


# The focused page's queries: the request (session, user, second factor, roles), the policy
# getter, the audit entry, and the form's own choices or row; whatever the case holds.
BUDGET = 12


def count(client: Any, url: str, data: dict[str, Any]) -> int:
    client.post(url, data)  # the session's first request settles it
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 422
    return len(queries)


def test_a_failed_form_reads_the_same_whatever_the_case_holds(client: Any, world: World) -> None:
    case = world.case
    assert case is not None
    login(client, world.users["case_manager"])
    participation = case.participations.get(organisation=world.police)
    urls = {
        "concern": (reverse("casework:case_concern", kwargs={"pk": case.pk}), {}),
        "note": (reverse("casework:case_note", kwargs={"pk": case.pk}), {}),
        "removal": (
            reverse(
                "casework:case_remove_participant",
                kwargs={"pk": case.pk, "participation_pk": participation.pk},
            ),
            {},
        ),
    }
    bare = {key: count(client, url, data) for key, (url, data) in urls.items()}
    everything_on(world)  # notes, decisions, actions, plan, orders, links, hand-over, …
    full = {key: count(client, url, data) for key, (url, data) in urls.items()}
    assert full == bare
    lock = connection.vendor == "postgresql"  # the audit chain's lock, a statement of its own
    assert max(full.values()) <= BUDGET + lock, full
