"""User text cannot reorder what people read: bidirectional controls and invisible characters
are removed where names, titles and texts are shown, and names are isolated in <bdi>."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse

from samen.casework.actions import cases as case_actions
from samen.casework.tests.factories import World, actor_for, pdf_file
from samen.conftest import login
from samen.core.text import BIDI_CONTROLS

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def _controls(html: str) -> list[str]:
    return BIDI_CONTROLS.findall(html)


def test_an_rtl_override_in_an_attachment_title_does_not_reorder_the_case_page(
    client: Any, world: World
) -> None:
    member = world.users["case_table_member"]
    case_actions.add_attachment(
        actor_for(member),
        world.case,
        kind="report",
        title=f"Rapport{RLO}fdp.exe",
        filename="rapport.pdf",
        content=pdf_file("x"),
    )
    login(client, member)
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    html = page.content.decode()
    assert "<bdi>Rapportfdp.exe</bdi>" in html
    assert _controls(html) == []


def test_controls_in_a_signal_are_removed_from_its_page(client: Any, world: World) -> None:
    signal = world.signal
    signal.subject_name = f"Jan{RLO}nesnaJ"
    signal.observation = f"Zag iets\u200b vreemds {RLO}sgninraw\u2066"
    signal.save()
    login(client, world.users["advisor"])
    html = client.get(reverse("casework:signal_detail", kwargs={"pk": signal.pk})).content.decode()
    assert "<bdi>JannesnaJ</bdi>" in html
    assert "Zag iets vreemds sgninraw" in html
    assert _controls(html) == []


def test_the_filters() -> None:
    template = Template("{% load bidi %}{{ name|isolate }}|{{ text|unbidi }}|{{ empty|isolate }}")
    rendered = template.render(
        Context({"name": f"<b>{RLO}x</b>", "text": "a\u200fb\u200dc", "empty": ""})
    )
    # Escaped, controls removed, the zero-width joiner kept (scripts and emoji need it).
    assert rendered == "<bdi>&lt;b&gt;x&lt;/b&gt;</bdi>|ab\u200dc|"
