"""The number of SQL queries of each hub page does not grow with the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.importing import read_document
from samen.hub.models import CityProfile, Document, Practice

pytestmark = pytest.mark.django_db

PLAN = """Plan {n}

1. Ouders

Ouders en scholen werken samen tegen polarisatie.

Trekker: Werkgroep {n}

Acties:

- ▶ **Oudercursus {n}.** Een cursus voor ouders.
- ▶ **Schoolgesprek {n}.** Een gesprek op school.

2. Jongeren

Jongerenwerk in de wijk, ook online.
"""


def grow(n: int, start: int = 0) -> None:
    keywords = actions.parse_keywords("Ouders, Scholen en onderwijs, Eigen trefwoord {start}")
    for i in range(start, start + n):
        profile = actions.save_profile(
            Actor.system(),
            None,
            {
                "city": f"Stad {i}",
                "country": "Nederland",
                "language": "nl",
                "background": "Ouders en scholen.",
            },
            [actions.InitiativeData(f"Initiatief {i}-{k}", "Voor ouders.") for k in range(3)],
            keywords,
        )
        actions.save_practice(
            Actor.system(),
            None,
            {
                "title": f"Praktijk {i}",
                "description": "Voor ouders en scholen.",
                "city": profile.pk,
                "language": "nl",
            },
            keywords=keywords,
        )
        text = PLAN.format(n=i)
        actions.import_document(
            Actor.system(), read_document(text), text=text, city_id=profile.pk, keywords=keywords
        )


def _first(model: Any) -> Any:
    return model.objects.order_by("pk").first()


PAGES: list[tuple[str, Any, dict[str, Any]]] = [
    ("hub:home", None, {}),
    ("hub:profile_list", None, {}),
    ("hub:profile_detail", lambda: {"slug": _first(CityProfile).slug}, {}),
    ("hub:practice_list", None, {}),
    ("hub:practice_detail", lambda: {"pk": _first(Practice).pk}, {}),
    ("hub:document_list", None, {}),
    ("hub:document_detail", lambda: {"pk": _first(Document).pk}, {}),
    ("hub:thesaurus", None, {}),
    ("hub:search", None, {"q": "parents"}),
    ("hub:search", None, {"q": "parents", "language": "nl", "page": "2"}),
    ("hub:search", None, {"q": "ouders scholen"}),
]


def count_queries(client: Any, url: str, params: dict[str, Any]) -> int:
    client.get(url, params)  # warm up: the search's thesaurus is read once, then cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.slow  # about 28 s on PostgreSQL: first, so that it does not end the run alone
def test_hub_queries_do_not_grow_with_data(reader_client: Any) -> None:
    """Every page, counted with 3 cities' profiles, practices and plans and again with 33 (the
    data grows once for all pages: it is the slow part)."""
    grow(3)
    urls = [
        (reverse(name, kwargs=kwargs() if kwargs else None), params)
        for name, kwargs, params in PAGES
    ]
    small = [count_queries(reader_client, url, params) for url, params in urls]
    grow(30, start=3)
    large = [count_queries(reader_client, url, params) for url, params in urls]
    grown = [
        f"{name} {params}: {before} queries with less data, {after} with more"
        for (name, _, params), before, after in zip(PAGES, small, large, strict=True)
        if before != after
    ]
    assert not grown, grown


def test_compare_queries_do_not_grow_with_the_cities_compared(reader_client: Any) -> None:
    grow(5)
    slugs = list(CityProfile.objects.order_by("pk").values_list("slug", flat=True))
    two = count_queries(reader_client, reverse("hub:compare"), {"city": slugs[:2]})
    four = count_queries(reader_client, reverse("hub:compare"), {"city": slugs[:4]})
    assert two == four


EDITOR_PAGES: list[tuple[str, Any]] = [
    ("hub:profile_create", None),
    ("hub:profile_edit", lambda: {"slug": _first(CityProfile).slug}),
    ("hub:practice_create", None),
    ("hub:practice_edit", lambda: {"pk": _first(Practice).pk}),
    ("hub:document_edit", lambda: {"pk": _first(Document).pk}),
    ("hub:concept_create", None),
    ("hub:import", None),
]


def test_editor_forms_queries_do_not_grow_with_data(editor_client: Any) -> None:
    """The forms list every city (and every country and concept): one query a list, however
    many cities the hub has."""
    grow(2)
    urls = [reverse(name, kwargs=kwargs() if kwargs else None) for name, kwargs in EDITOR_PAGES]
    small = [count_queries(editor_client, url, {}) for url in urls]
    grow(12, start=2)
    large = [count_queries(editor_client, url, {}) for url in urls]
    assert small == large, list(zip(EDITOR_PAGES, small, large, strict=True))
