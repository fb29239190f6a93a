"""``{% form_fields form %}`` (which ``{% include "form_fields.html" %}`` calls) keeps the HTML
of unbound forms whose HTML is the same for everyone (issue #16: the case page's
empty forms were most of its rendering time)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
from django import forms
from django.template import engines
from django.utils import translation

from samen.accounts.models import Organisation
from samen.casework.forms.cases import ClosureRequestForm, ConcernForm, ReviewForm
from samen.core.tests.form_classes import forms_declaring
from samen.ui.templatetags import samen_forms
from samen.ui.tests.test_form_fields_markup import REFERENCE, normal

LANGUAGES = ("nl", "en", "fr")
INCLUDED = engines["django"].from_string('{% include "form_fields.html" with form=form %}')
KEPT = engines["django"].from_string("{% load samen_forms %}{% form_fields form %}")


def static_forms() -> list[type[forms.BaseForm]]:
    """Every form class of samen that declares its unbound HTML the same for everyone."""
    return forms_declaring("unbound_html_is_static")


@pytest.fixture(autouse=True)
def _nothing_kept() -> Iterator[None]:
    samen_forms.forget_rendered()
    yield
    samen_forms.forget_rendered()


def test_the_case_page_s_empty_forms_declare_it() -> None:
    names = {cls.__name__ for cls in static_forms()}
    assert {"ConcernForm", "ClosureRequestForm", "TravelStatusForm", "InformingForm"} <= names


@pytest.mark.parametrize("form_class", static_forms(), ids=lambda cls: cls.__name__)
def test_a_static_form_sets_nothing_per_instance(form_class: type[forms.BaseForm]) -> None:
    """No ``__init__`` of its own (where choices, help texts or querysets are set per case or
    user) and no choices from the database."""
    own = [
        cls.__qualname__
        for cls in inspect.getmro(form_class)
        if cls.__module__.startswith("samen.") and "__init__" in vars(cls)
    ]
    assert own == []
    assert not any(
        isinstance(field, forms.ModelChoiceField) for field in form_class.base_fields.values()
    )


@pytest.mark.parametrize("form_class", static_forms(), ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kept_html_is_the_included_html(
    form_class: type[forms.BaseForm], language: str
) -> None:
    for make in (
        lambda: form_class(prefix="p"),
        lambda: form_class(prefix="row", auto_id="id_%s-7"),
    ):
        with translation.override(language):
            reference = REFERENCE.render({"form": make()})
            first = KEPT.render({"form": make()})  # rendered, then kept
            included = INCLUDED.render({"form": make()})  # the include calls the tag
            key = samen_forms.static_key(make())
            assert key is not None and key in samen_forms._rendered
            again = KEPT.render({"form": make()})  # from what was kept
        assert normal(first) == normal(reference)
        assert included.strip() == first.strip()
        assert again == first


def test_the_languages_are_kept_apart() -> None:
    pages = {}
    for language in LANGUAGES:
        with translation.override(language):
            pages[language] = KEPT.render({"form": ConcernForm(prefix="concern")})
    for language in LANGUAGES:
        with translation.override(language):
            assert KEPT.render({"form": ConcernForm(prefix="concern")}) == pages[language]
            assert INCLUDED.render({"form": ConcernForm(prefix="concern")}) == pages[language]
    assert len(set(pages.values())) == 3


def test_rows_keep_their_own_ids() -> None:
    with translation.override("nl"):
        row_7 = KEPT.render({"form": ReviewForm(prefix="review", auto_id="id_%s-7")})
        row_8 = KEPT.render({"form": ReviewForm(prefix="review", auto_id="id_%s-8")})
    assert 'id="id_review-note-7"' in row_7
    assert 'id="id_review-note-8"' in row_8
    assert "-7" not in row_8


def test_a_bound_form_is_rendered_each_time_and_never_kept() -> None:
    with translation.override("nl"):
        empty = KEPT.render({"form": ConcernForm(prefix="concern")})
        typed = ConcernForm({"concern-reasons": "wat ik typte"}, prefix="concern")
        assert not typed.is_valid()
        failed = KEPT.render({"form": typed})
        assert samen_forms.static_key(typed) is None
        assert failed == INCLUDED.render({"form": typed})
        assert "wat ik typte" in failed
        assert "samen-error-summary" in failed
        # What was typed and its errors never reach the next (empty) form.
        after = KEPT.render({"form": ConcernForm(prefix="concern")})
    assert after == empty
    assert "wat ik typte" not in after
    assert "samen-error-summary" not in after


def test_initial_values_and_other_forms_are_not_kept() -> None:
    with_initial = ClosureRequestForm(prefix="closure", initial={"review_months": [24]})
    assert samen_forms.static_key(with_initial) is None

    class Undeclared(forms.Form):
        name = forms.CharField()

    assert samen_forms.static_key(Undeclared()) is None

    class WithModelChoices(forms.Form):
        unbound_html_is_static = True
        organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    assert samen_forms.static_key(WithModelChoices()) is None


def test_the_kept_html_is_bounded() -> None:
    with translation.override("nl"):
        for pk in range(samen_forms.RENDERED_MAX + 10):
            KEPT.render({"form": ReviewForm(prefix="review", auto_id=f"id_%s-{pk}")})
    assert len(samen_forms._rendered) == samen_forms.RENDERED_MAX
