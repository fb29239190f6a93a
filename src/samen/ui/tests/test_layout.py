"""The layout: vendored NL Design System CSS with its version and licence, the organisation's
own tokens, logo and name, and a navigation that marks the current page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from samen.casework.tests.factories import World
from samen.conftest import login
from samen.ui import context_processors

STATIC = Path(__file__).resolve().parents[2] / "static"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_vendored_package_has_its_version_licence_and_is_linked() -> None:
    linked = (TEMPLATES / "_stylesheets.html").read_text()
    folders = sorted(p for p in (STATIC / "vendor").iterdir() if p.is_dir())
    assert len(folders) >= 10
    for folder in folders:
        assert "EUPL-1.2" in (folder / "VERSION").read_text(), folder.name
        assert "EUROPEAN UNION PUBLIC LICENCE" in (folder / "LICENSE").read_text()
        (css,) = folder.glob("*.css")
        assert f"vendor/{folder.name}/{css.name}" in linked


@pytest.fixture
def brand(tmp_path: Path) -> Any:
    (tmp_path / "tokens.css").write_text(":root { --basis-color-accent-1-color-default: #7a0019; }")
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    context_processors._brand.cache_clear()
    with override_settings(BRAND_DIR=tmp_path, ORGANISATION_NAME="Gemeente Veldhoven-aan-Zee"):
        yield tmp_path
    context_processors._brand.cache_clear()


@pytest.mark.django_db
def test_the_organisations_tokens_logo_and_name_come_from_settings(
    client: Any, brand: Path
) -> None:
    html = client.get(reverse("casework:public_report")).content.decode()
    assert '<span class="samen-brand__organisation">Gemeente Veldhoven-aan-Zee</span>' in html
    assert 'src="/static/brand/logo.svg"' in html
    # The organisation's tokens come after samen's, so they win.
    assert html.index("/static/samen/tokens.css") < html.index("/static/brand/tokens.css")


@pytest.mark.django_db
@override_settings(BRAND_DIR=None, ORGANISATION_NAME="")
def test_without_a_brand_samen_shows_neutral_tokens_and_its_own_name(client: Any) -> None:
    context_processors._brand.cache_clear()
    html = client.get(reverse("casework:public_report")).content.decode()
    assert "/static/brand/" not in html
    assert "samen-brand__organisation" not in html
    assert "/static/vendor/nl-design-system-unstable-voorbeeld-design-tokens/theme.css" in html


@pytest.mark.django_db
def test_the_navigation_marks_the_current_page_and_follows_capabilities(
    client: Any, world: World
) -> None:
    login(client, world.users["chair"])
    html = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk})).content
    current = re.findall(
        rb'<a class="utrecht-nav-list__link" href="([^"]+)" aria-current="page">', html
    )
    assert current == [reverse("casework:case_list").encode()]
    assert reverse("audit:log").encode() not in html
    client.logout()
    login(client, world.users["dpo"])
    html = client.get(reverse("dashboard")).content
    current = re.findall(rb'href="([^"]+)" aria-current="page"', html)
    assert current == [b"/"]
    assert reverse("audit:log").encode() in html
    assert reverse("casework:case_list").encode() not in html


@pytest.mark.django_db
def test_content_in_another_language_carries_its_lang(client: Any, world: World) -> None:
    from samen.hub.models import Document

    Document.objects.create(title="Action plan of Lyon", language="fr", source_format="html")
    login(client, world.users["chair"])
    html = client.get(reverse("hub:document_list")).content.decode()
    assert re.search(r'<a href="[^"]+" lang="fr">(<bdi>)?Action plan of Lyon(</bdi>)?</a>', html)
    assert '<html lang="nl"' in html
