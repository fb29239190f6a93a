"""A draft action plan from a document imported into the knowledge hub: samen recognises the
themes, the answers to the plan's questions, the actions with their leads and working groups,
criteria, risks and budget lines; the coordinator reviews and confirms each item and nothing is
created silently."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World
from samen.conftest import login
from samen.hub import actions as hub_actions
from samen.hub.importing import read_document
from samen.hub.models import Document
from samen.programme.models import BudgetLine, Criterion, Plan, PlanAction, Risk, Theme
from samen.programme.recognition import question_of, recognise

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "actieplan_havenstad.txt"
UTRECHT = Path("/work/shared/seeds/002_9b9fa2f47db26de2.txt")


def _import(text: str, title: str = "") -> Document:
    return hub_actions.import_document(Actor.system(), read_document(text), text=text, title=title)


@pytest.fixture
def partners(world: World) -> dict[str, Any]:
    brug = OrganisationFactory(name="Stichting Brug Havenstad", municipality=world.municipality)
    police = OrganisationFactory(name="Politie Havenstad", municipality=world.municipality)
    youth_work = OrganisationFactory(name="Jongerenwerk Havenstad", municipality=world.municipality)
    ilse = UserFactory(
        username="ilse", full_name="Ilse Havinga", organisation=brug, roles=["programme_lead"]
    )
    return {"brug": brug, "police": police, "youth_work": youth_work, "ilse": ilse}


@pytest.mark.parametrize(
    ("heading", "question"),
    [
        ("Waar staan we nu?", "current_situation"),
        ("Waar willen we naar toe over 2 jaar?", "ambition"),
        ("Wat doen we al om dit te bereiken?", "existing_work"),
        ("Wat gaan we samen doen (samen met partners in de stad)?", "together"),
        ("Wat gaat de gemeente doen?", "municipality_role"),
        ("Where do we want to be in two years?", "ambition"),
        ("Que fera la commune ?", "municipality_role"),
        ("Acceptatie en integratie", ""),
    ],
)
def test_the_plans_questions_are_recognised_in_three_languages(heading: str, question: str) -> None:
    assert question_of(heading) == question


def test_themes_actions_leads_criteria_risks_and_budget_are_recognised(
    world: World, partners: dict[str, Any]
) -> None:
    document = _import(FIXTURE.read_text(encoding="utf-8"))
    draft = recognise(document, world.municipality.pk)
    assert [t.title for t in draft.themes] == ["Ontmoeting en dialoog", "Signalering"]
    dialogue, signalling = draft.themes
    assert dialogue.answers["current_situation"].startswith("Bewoners van verschillende")
    assert dialogue.answers["ambition"].startswith("In elke wijk")
    assert "Buurthuizen" in dialogue.answers["existing_work"]
    assert [(a.title, a.mode) for a in dialogue.actions] == [
        ("Dialoogtafels in de wijk", "together"),
        ("Netwerk van sleutelfiguren versterken", "together"),
        ("Budget voor dialoog", "alone"),
    ]
    tables = dialogue.actions[0]
    assert tables.lead_user == partners["ilse"]
    assert tables.lead_organisation == partners["brug"]
    assert set(tables.working_group) == {partners["youth_work"], partners["police"]}
    assert "moskeevereniging" in tables.other_partners
    assert signalling.actions[0].lead_organisation == partners["police"]
    assert signalling.actions[0].lead_user is None
    assert draft.criteria == [
        "Blijvende resultaten, geen afhankelijkheid van tijdelijk geld",
        "Aansluiten bij wat er al is",
        "Alleen initiatieven in samenwerking",
    ]
    assert [title for title, _ in draft.risks] == [
        "Subsidie wordt niet toegekend",
        "Te veel kleine projecten",
    ]
    assert [(b.amount, b.source, b.subsidy_status) for b in draft.budget] == [
        (Decimal("50000.00"), "own", ""),
        (Decimal("40000.00"), "national", "requested"),
        (Decimal("207500.50"), "national", "requested"),
    ]
    assert [b.theme_key for b in draft.budget] == [signalling.key, dialogue.key, signalling.key]
    # Recognising creates nothing.
    assert not Plan.objects.exists() and not PlanAction.objects.exists()


@pytest.mark.skipif(not UTRECHT.exists(), reason="the shared seed documents are not here")
def test_the_utrecht_action_plan_is_read_as_seven_themes() -> None:
    from samen.casework.tests.factories import build_world

    world = build_world()
    document = _import(UTRECHT.read_text(encoding="utf-8"))
    draft = recognise(document, world.municipality.pk)
    assert [t.title for t in draft.themes] == [
        "Acceptatie en integratie",
        "Opvoeding",
        "Onderwijs",
        "Werk",
        "Communicatie, dialoog en media",
        "Signalering",
        "Hulpverlening en repressie",
    ]
    assert all(set(t.answers) >= {"current_situation", "ambition"} for t in draft.themes)
    assert len(draft.actions) > 40
    assert len(draft.criteria) == 5 and len(draft.risks) == 2
    assert sum(b.amount for b in draft.budget if b.source == "national") == Decimal("1012500.00")


def test_the_coordinator_confirms_items_and_only_those_are_created(
    client: Any, world: World, partners: dict[str, Any]
) -> None:
    document = _import(FIXTURE.read_text(encoding="utf-8"))
    login(client, world.users["chair"])
    response = client.post(reverse("programme:plan_import"), {"document": document.pk})
    review = reverse("programme:plan_import_review", kwargs={"pk": document.pk})
    assert response.status_code == 302 and response["Location"] == review
    page = client.get(review)
    assert page.status_code == 200
    form = page.context["form"]
    assert "Ilse Havinga, directeur Stichting Brug Havenstad" in page.content.decode()
    draft = form.draft
    dialogue = draft.themes[0]
    tables, network, budget_action = dialogue.actions
    year = timezone.localdate().year
    data = {
        key: value
        for key, value in {
            "title": "Havenstad verbindt",
            "first_year": year,
            "last_year": year + 2,
            f"{dialogue.key}-include": "on",
            f"{dialogue.key}-title": "Ontmoeting en dialoog",
            f"{dialogue.key}-current_situation": form.initial[f"{dialogue.key}-current_situation"],
            f"{tables.key}-include": "on",
            f"{tables.key}-title": tables.title,
            f"{tables.key}-mode": "together",
            f"{tables.key}-lead_organisation": partners["brug"].pk,
            f"{tables.key}-lead_user": partners["ilse"].pk,
            f"{tables.key}-working_group": [partners["police"].pk],
            f"{network.key}-mode": "together",
            f"{budget_action.key}-mode": "alone",
            f"{draft.themes[1].key}-title": "Signalering",
            "c0-include": "on",
            "c0-text": draft.criteria[0],
            "r1-include": "on",
            "r1-title": "Te veel kleine projecten",
            f"{draft.budget[1].key}-include": "on",
            f"{draft.budget[1].key}-amount": "40000.00",
            f"{draft.budget[1].key}-source": "national",
            f"{draft.budget[1].key}-subsidy_status": "requested",
        }.items()
    }
    for line in draft.budget[0], draft.budget[2]:
        data[f"{line.key}-amount"] = str(line.amount)
        data[f"{line.key}-source"] = line.source
    for action in draft.themes[1].actions:
        data[f"{action.key}-mode"] = action.mode
    # An action without its theme is refused, nothing is created.
    refused = {**data, f"{draft.themes[1].actions[0].key}-include": "on"}
    assert client.post(review, refused).status_code == 422
    assert not Plan.objects.exists()

    response = client.post(review, data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.status == "draft" and plan.source_document == document
    assert list(Theme.objects.values_list("title", flat=True)) == ["Ontmoeting en dialoog"]
    action = PlanAction.objects.get()
    assert action.title == "Dialoogtafels in de wijk"
    assert action.lead_user == partners["ilse"] and action.source_action == tables.source
    assert list(action.working_group.all()) == [partners["police"]]
    assert list(Criterion.objects.values_list("text", flat=True)) == [draft.criteria[0]]
    assert list(Risk.objects.values_list("title", flat=True)) == ["Te veel kleine projecten"]
    line = BudgetLine.objects.get()
    assert (line.year, line.theme.title, line.amount, line.granted_amount) == (
        year,
        "Ontmoeting en dialoog",
        Decimal("40000.00"),
        Decimal("0.00"),
    )
    entry = AuditEntry.objects.get(action="programme.plan.import")
    assert entry.object_label.endswith("1 themes, 1 actions, 1 criteria, 1 risks, 1 budget lines")
    # The lead the coordinator confirmed can report progress on it.
    login(client, partners["ilse"])
    assert (
        client.get(reverse("programme:action_detail", kwargs={"pk": action.pk})).status_code == 200
    )


def test_an_action_offers_the_hubs_action_plans_not_every_document(world: World) -> None:
    from samen.programme.forms import ActionForm

    plan_document = _import(FIXTURE.read_text(encoding="utf-8"))
    report = _import("Een onderzoek naar polarisatie in de wijk.", title="Onderzoek")
    assert plan_document.actions.exists() and not report.actions.exists()
    plan = Plan.objects.create(
        municipality=world.municipality,
        title="Plan",
        first_year=2026,
        last_year=2027,
        created_by=world.users["chair"],
    )
    theme = Theme.objects.create(plan=plan, title="Dialoog", position=1)
    offered = ActionForm(theme=theme).fields["documents"].queryset  # type: ignore[attr-defined]
    assert list(offered) == [plan_document]
    action = PlanAction.objects.create(theme=theme, title="Gesprekken")
    action.documents.add(report)
    offered = ActionForm(theme=theme, instance=action).fields["documents"].queryset  # type: ignore[attr-defined]
    assert set(offered) == {plan_document, report}  # what it links to stays
