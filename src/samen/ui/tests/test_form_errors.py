"""A form that comes back with errors says so first: a summary on top that links to each
field, "Error:" in front of the page title, and errors tied to their field or group."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from samen.casework.tests.factories import World
from samen.conftest import login


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match is not None
    return match.group(1)


@pytest.mark.django_db
def test_a_page_without_errors_keeps_its_title(client: Any) -> None:
    html = client.get(reverse("casework:public_report")).content.decode()
    assert title(html).startswith("Zorg melden")
    assert "data-error-summary" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "marker"), [("nl", "Fout:"), ("en", "Error:")])
def test_errors_are_summarised_on_top_and_named_in_the_title(
    client: Any, world: World, language: str, marker: str
) -> None:
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.post(reverse("casework:public_report"), {"observation": ""})
    html = response.content.decode()
    assert title(html).startswith(f"{marker} ")
    summary = html[
        html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
    ]
    # The summary links to the field, which is described by its error message.
    assert 'href="#id_observation"' in summary
    assert html.index("data-error-summary") < html.index('id="id_observation"')
    field = re.search(r"<textarea[^>]*id=\"id_observation\"[^>]*>", html)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert "id_observation_error" in field.group(0)
    assert 'id="id_observation_error"' in html


@pytest.mark.django_db
def test_errors_of_a_radio_group_belong_to_the_group(client: Any, world: World) -> None:
    login(client, world.users["weighing_team"])
    url = reverse("casework:signal_weigh", kwargs={"pk": world.signal.pk})
    response = client.post(url, {"reasons": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert title(html).startswith("Fout: ")
    # The group's error is tied to its fieldset (named by its legend), and the summary links
    # to the first option.
    fieldset = re.search(r'<fieldset class="samen-fieldset"[^>]*>\s*<legend>Uitkomst', html)
    assert fieldset is not None
    assert 'aria-describedby="id_outcome_error"' in fieldset.group(0)
    assert 'aria-invalid="true"' in fieldset.group(0)
    assert 'href="#id_outcome_0"' in html
    assert 'id="id_outcome_0"' in html
    assert 'id="id_outcome_error"' in html


@pytest.mark.django_db
def test_the_title_marker_leaves_other_responses_alone(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    response = client.get(reverse("api:case-list"))
    assert response["Content-Type"].startswith("application/json")
    assert b"Fout" not in response.content
