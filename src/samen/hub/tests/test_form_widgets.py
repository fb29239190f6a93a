"""The hub's forms render their long lists of choices (every country, every concept of the
thesaurus, every city) with samen's widgets for long lists: the same HTML as Django's widgets,
without the template work per option (issue #16: these forms took 33-41 ms a page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.utils import translation

from samen.audit.actor import Actor
from samen.core.widgets import LongCheckboxSelectMultiple, LongSelect, LongSelectMultiple
from samen.hub import actions
from samen.hub.forms import (
    ConceptForm,
    DocumentForm,
    ImportConfirmForm,
    ImportForm,
    PracticeForm,
    ProfileForm,
)
from samen.hub.models import CityProfile, Concept

pytestmark = pytest.mark.django_db

FIELDS = engines["django"].from_string('{% include "form_fields.html" with form=form %}')
# samen's widget for long lists, and Django's widget whose markup it writes.
DJANGO_WIDGET: list[tuple[type[forms.Widget], type[forms.Widget]]] = [
    (LongSelectMultiple, forms.SelectMultiple),
    (LongSelect, forms.Select),
    (LongCheckboxSelectMultiple, forms.CheckboxSelectMultiple),
]


def _normal(html: str) -> str:
    # The form's other widgets come from Jinja2 (the form renderer), which escapes a quote as
    # &#34; and an apostrophe as &#39;; Django writes &quot; and &#x27;: the same characters.
    html = html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


def _with_djangos_widgets(form: forms.BaseForm) -> forms.BaseForm:
    # Drawn by the Django template engine, whose markup the long lists' widgets write.
    form.renderer = DjangoTemplates()
    for field in form.fields.values():
        for long_widget, django_widget in DJANGO_WIDGET:
            if isinstance(field.widget, long_widget):
                field.widget = django_widget(
                    attrs=field.widget.attrs,
                    choices=field.widget.choices,  # type: ignore[attr-defined]
                )
                field.widget.is_required = field.required
                break
    return form


def _profile() -> CityProfile:
    return actions.save_profile(
        Actor.system(),
        None,
        {"city": "Rivierstad & <Co>", "country": "NL", "language": "nl"},
        [],
        [],
    )


def _forms() -> list[tuple[str, Callable[[], forms.BaseForm], set[str]]]:
    """Each form (unbound, and bound with choices made) and the fields of long lists."""
    profile = _profile()
    concepts = list(Concept.objects.order_by("code").values_list("pk", flat=True)[:3])
    practice = {"title": "T", "city": str(profile.pk), "themes": [str(c) for c in concepts[:2]]}
    return [
        ("profile", lambda: ProfileForm(), {"country"}),
        ("profile bound", lambda: ProfileForm({"country": "BE", "city": ""}), {"country"}),
        ("practice", lambda: PracticeForm(), {"city", "themes"}),
        ("practice bound", lambda: PracticeForm(practice), {"city", "themes"}),
        ("document", lambda: DocumentForm(initial={"city": profile.pk, "country": "NL"}), set()),
        ("document bound", lambda: DocumentForm({"city": str(profile.pk)}), {"city", "country"}),
        ("import", lambda: ImportForm(), {"city"}),
        ("import confirm", lambda: ImportConfirmForm(initial={"country": "FR"}), {"city"}),
        ("concept", lambda: ConceptForm(), {"broader"}),
        ("concept bound", lambda: ConceptForm({"broader": concepts[1:]}), {"broader"}),
    ]


def test_the_long_lists_use_the_widgets_for_long_lists() -> None:
    for name, make, long_fields in _forms():
        form = make()
        for field in long_fields:
            assert isinstance(
                form.fields[field].widget, (LongSelect, LongCheckboxSelectMultiple)
            ), (name, field)


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_the_forms_render_as_with_djangos_widgets(language: str) -> None:
    with translation.override(language):
        for name, make, _long_fields in _forms():
            ours = FIELDS.render({"form": make()})
            djangos = FIELDS.render({"form": _with_djangos_widgets(make())})
            assert _normal(ours) == _normal(djangos), name
            assert "<option" in ours or "checkbox" in ours, name


def test_chosen_options_are_marked() -> None:
    profile = _profile()
    with translation.override("en"):
        html = FIELDS.render(
            {"form": DocumentForm(initial={"city": profile.pk, "country": "BE", "title": "x"})}
        )
    assert f'<option value="{profile.pk}" selected>Rivierstad &amp; &lt;Co&gt;, Netherlands' in html
    assert '<option value="BE" selected>Belgium</option>' in html


def test_the_practice_form_lists_every_concept_as_a_theme(editor_client: Any) -> None:
    response = editor_client.get("/hub/practices/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('name="themes"') == Concept.objects.count()
