"""The hub's rows of the authorization matrix (merged into casework's MATRIX).

Reading the hub needs a login unless SAMEN_HUB_PUBLIC is on (the matrix runs with it off);
editing needs the hub editor role, which none of the matrix's actors holds, so every edit is
403 for them. ``test_hub_authorization.py`` checks the same URLs for a hub editor and for
anonymous visitors of a public hub. Expectations are mappings whose missing actors get the
default, so an actor added to the matrix later is covered as well.
"""

from __future__ import annotations

from typing import Any

from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.importing import read_document
from samen.hub.models import CityProfile, Concept, Document, Practice


class Expect(dict[str, int]):
    def __init__(self, default: int, **explicit: int) -> None:
        super().__init__(explicit)
        self.default = default

    def __missing__(self, actor: str) -> int:
        return self.default


def read(anonymous: int = 302) -> Expect:
    """Any logged-in user reads (200); anonymous visitors are sent to the login page."""
    return Expect(200, anonymous=anonymous)


def edit(editor: int) -> Expect:
    """The hub editor gets ``editor``; other users 403; anonymous visitors the login page."""
    return Expect(403, anonymous=302, hub_editor=editor)


def matrix_profile(world: Any = None) -> CityProfile:
    profile = CityProfile.objects.filter(city="Matrixstad").first()
    return profile or actions.save_profile(
        Actor.system(),
        None,
        {"city": "Matrixstad", "country": "Nederland", "language": "nl"},
        [],
        [],
    )


def matrix_practice(world: Any = None) -> Practice:
    practice = Practice.objects.filter(title="Matrixpraktijk").first()
    return practice or actions.save_practice(
        Actor.system(),
        None,
        {"title": "Matrixpraktijk", "description": "Een praktijk.", "language": "nl"},
    )


def matrix_document(world: Any = None) -> Document:
    document = Document.objects.filter(title="Matrixplan").first()
    text = "Matrixplan\n\nInleiding\n\nDit plan gaat over ouders en scholen.\n"
    return document or actions.import_document(
        Actor.system(), read_document(text), text=text, title="Matrixplan"
    )


def matrix_concept(world: Any = None) -> Concept:
    return Concept.objects.order_by("pk").first() or actions.save_concept(
        Actor.system(),
        None,
        {"code": "matrix", "label_nl": "Matrix", "label_en": "Matrix", "label_fr": "Matrice"},
    )


def _slug(world: Any) -> dict[str, Any]:
    return {"slug": matrix_profile(world).slug}


def _practice(world: Any) -> dict[str, Any]:
    return {"pk": matrix_practice(world).pk}


def _document(world: Any) -> dict[str, Any]:
    return {"pk": matrix_document(world).pk}


def _concept(world: Any) -> dict[str, Any]:
    return {"pk": matrix_concept(world).pk}


# url name -> (kwargs builder, GET expectations, POST expectations or None)
HUB_MATRIX: dict[str, tuple[Any, dict[str, int], dict[str, int] | None]] = {
    "hub:home": (None, read(), None),
    "hub:search": (None, read(), None),
    "hub:compare": (None, read(), None),
    "hub:profile_list": (None, read(), None),
    "hub:profile_detail": (_slug, read(), None),
    "hub:profile_create": (None, edit(200), edit(422)),
    "hub:profile_edit": (_slug, edit(200), edit(422)),
    "hub:profile_delete": (_slug, edit(405), edit(302)),
    "hub:practice_list": (None, read(), None),
    "hub:practice_detail": (_practice, read(), None),
    "hub:practice_create": (None, edit(200), edit(422)),
    "hub:practice_edit": (_practice, edit(200), edit(422)),
    "hub:practice_delete": (_practice, edit(405), edit(302)),
    "hub:document_list": (None, read(), None),
    "hub:document_detail": (_document, read(), None),
    "hub:document_edit": (_document, edit(200), edit(422)),
    "hub:document_delete": (_document, edit(405), edit(302)),
    "hub:import": (None, edit(200), edit(422)),
    "hub:import_confirm": (None, edit(405), edit(302)),
    "hub:thesaurus": (None, read(), None),
    "hub:concept_create": (None, edit(200), edit(422)),
    "hub:concept_edit": (_concept, edit(200), edit(422)),
    "hub:concept_delete": (_concept, edit(405), edit(302)),
}

# What an anonymous visitor gets when SAMEN_HUB_PUBLIC is on: reading yes, editing no.
PUBLIC_ANONYMOUS = {
    name: (200 if get.default == 200 else 302) for name, (_, get, _post) in HUB_MATRIX.items()
}
