"""Decision trees lead reporters to advice; the path they took is kept with the signal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.casework.models import GuidanceNode, GuidanceTree, Signal
from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db


def test_reporter_walks_the_tree_and_the_path_goes_with_the_report(
    client: Any, world: World
) -> None:
    start = client.get(reverse("casework:guide_start"))
    assert world.tree.title.encode() in start.content
    step = client.get(reverse("casework:guide_tree", kwargs={"pk": world.tree.pk}), follow=True)
    assert b"Is er acuut gevaar?" in step.content
    no = world.tree.start.answers.get(label_nl="Nee")
    advice = client.get(
        reverse("casework:guide_answer", kwargs={"pk": world.tree.pk, "answer": no.pk}),
        follow=True,
    )
    assert b"Meld uw zorg bij het meldpunt." in advice.content
    form = client.get(reverse("casework:public_report"))
    assert form.context["form"].initial["municipality"] == world.municipality.pk
    client.post(
        reverse("casework:public_report"),
        {"municipality": world.municipality.pk, "observation": "Zorgen", "anonymous": "on"},
    )
    signal = Signal.objects.latest("pk")
    assert signal.guidance_path == "Is er acuut gevaar? → Nee"


def test_acute_danger_shows_the_emergency_number(client: Any, world: World) -> None:
    client.get(reverse("casework:guide_tree", kwargs={"pk": world.tree.pk}))
    page = client.get(
        reverse("casework:guide_answer", kwargs={"pk": world.tree.pk, "answer": world.answer.pk}),
        follow=True,
    )
    assert b'class="emergency"' in page.content
    assert b"Report your worry" not in page.content and b"Uw zorg melden" not in page.content


def test_unpublished_trees_cannot_be_walked(client: Any, world: World) -> None:
    world.tree.active = False
    world.tree.save()
    assert (
        client.get(reverse("casework:guide_tree", kwargs={"pk": world.tree.pk})).status_code == 404
    )
    assert world.tree.title.encode() not in client.get(reverse("casework:guide_start")).content


def test_coordinator_builds_and_publishes_a_tree(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    client.post(
        reverse("casework:guidance_list"), {"audience": "schools", "title_nl": "Voor scholen"}
    )
    tree = GuidanceTree.objects.get(title_nl="Voor scholen")
    url = reverse("casework:guidance_edit", kwargs={"pk": tree.pk})
    client.post(url, {"part": "node", "kind": "question", "text_nl": "Gaat het om werving?"})
    client.post(
        url,
        {"part": "node", "kind": "advice", "text_nl": "Bel het meldpunt.", "offer_report": "on"},
    )
    question, advice = GuidanceNode.objects.filter(tree=tree).order_by("pk")
    client.post(
        url, {"part": "answer", "question": question.pk, "label_nl": "Ja", "leads_to": advice.pk}
    )
    refused = client.post(
        url, {"part": "tree", "audience": "schools", "title_nl": "Voor scholen", "active": "on"}
    )
    assert refused.status_code == 422  # publishing needs a first question
    client.post(
        url,
        {
            "part": "tree",
            "audience": "schools",
            "title_nl": "Voor scholen",
            "start": question.pk,
            "active": "on",
        },
    )
    tree.refresh_from_db()
    assert tree.active and tree.start == question
    login(client, world.users["elsewhere"])
    assert client.get(url).status_code == 404
