"""The forms of the case page and of the chair's meeting page with choices of their own keep
the widgets of their other fields (``samen.core.forms.KeptWidgetField``, issue #16): the same
HTML as rendered each time, in every language, and never a value of a row, a caller or what
was typed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django import forms
from django.template import engines
from django.utils import translation

from samen.casework.forms.cases import MoveForm, NoteForm, ParticipantForm
from samen.casework.forms.experts import OrderForm
from samen.casework.forms.handover import HandOverForm
from samen.casework.forms.meetings import AgendaItemForm
from samen.casework.forms.plan import InterventionForm
from samen.casework.forms.transfer import TransferForm
from samen.casework.tests.factories import World
from samen.core import forms as core_forms
from samen.core.tests.form_classes import forms_declaring

pytestmark = pytest.mark.django_db

INCLUDED = engines["django"].from_string('{% include "form_fields.html" with form=form %}')

MAKERS: dict[type[forms.BaseForm], Callable[[World], forms.BaseForm]] = {
    MoveForm: lambda world: MoveForm(case=world.case, prefix="move"),
    ParticipantForm: lambda world: ParticipantForm(case=world.case, prefix="participant"),
    NoteForm: lambda world: NoteForm(case=world.case, user=world.users["chair"], prefix="note"),
    InterventionForm: lambda world: InterventionForm(case=world.case, prefix="intervention"),
    HandOverForm: lambda world: HandOverForm(case=world.case, prefix="handover"),
    TransferForm: lambda world: TransferForm(case=world.case, prefix="transfer"),
    OrderForm: lambda world: OrderForm(case=world.case, prefix="order"),
    # The chair's meeting page: one per agenda item, the owners read once for the page.
    AgendaItemForm: lambda world: AgendaItemForm(
        prefix=f"record-{world.item.pk}", organisations=[world.police, world.youth]
    ),
}


def declaring_forms() -> set[type[forms.BaseForm]]:
    return set(forms_declaring("static_html_fields"))


@pytest.fixture(autouse=True)
def _nothing_kept() -> Iterator[None]:
    core_forms.forget_kept_widgets()
    yield
    core_forms.forget_kept_widgets()


def rendered_each_time(form: forms.BaseForm) -> str:
    form.bound_field_class = forms.BoundField
    return INCLUDED.render({"form": form})


def test_every_declaring_form_is_checked_here() -> None:
    assert declaring_forms() == set(MAKERS)


@pytest.mark.parametrize("form_class", sorted(MAKERS, key=lambda cls: cls.__name__))
def test_declared_fields_are_fields_without_choices_from_the_database(
    world: World, form_class: type[forms.BaseForm]
) -> None:
    form = MAKERS[form_class](world)
    declared = vars(form_class)["static_html_fields"]
    assert declared <= set(form.fields)
    for name in declared:
        assert not isinstance(form.fields[name], forms.ModelChoiceField), name


@pytest.mark.parametrize("form_class", sorted(MAKERS, key=lambda cls: cls.__name__))
def test_the_kept_widgets_give_the_html_rendered_each_time(
    world: World, form_class: type[forms.BaseForm]
) -> None:
    """In every language, one after the other (what one language kept is not another's)."""
    make = MAKERS[form_class]
    pages = set()
    for language in ("nl", "en", "fr", "nl"):
        with translation.override(language):
            expected = rendered_each_time(make(world))
            first = INCLUDED.render({"form": make(world)})  # rendered, or kept already
            form = make(world)
            kept = {bound.name for bound in form if bound.kept_key() is not None}  # type: ignore[attr-defined]
            assert kept == vars(form_class)["static_html_fields"]
            again = INCLUDED.render({"form": form})  # from what was kept
        assert first == expected
        assert again == expected
        pages.add(expected)
    assert len(pages) == 3


def test_an_intervention_s_own_values_are_never_kept(world: World) -> None:
    assert world.intervention is not None
    with translation.override("nl"):
        INCLUDED.render({"form": MAKERS[InterventionForm](world)})
        editing = InterventionForm(
            instance=world.intervention, case=world.case, prefix="intervention"
        )
        assert editing["description"].kept_key() is None  # type: ignore[attr-defined]
        html = INCLUDED.render({"form": editing})
        assert html == rendered_each_time(
            InterventionForm(instance=world.intervention, case=world.case, prefix="intervention")
        )
    assert "Mentor via het wijkteam" in html
    assert not any("Mentor via het wijkteam" in kept for kept in core_forms._widgets.values())


def test_what_was_typed_or_given_is_never_kept(world: World) -> None:
    with translation.override("nl"):
        empty = INCLUDED.render({"form": MAKERS[HandOverForm](world)})
        typed = HandOverForm(
            {"handover-what": "nazorg door de wijkagent"}, case=world.case, prefix="handover"
        )
        assert not typed.is_valid()
        assert typed["what"].kept_key() is None  # type: ignore[attr-defined]
        assert "nazorg door de wijkagent" in INCLUDED.render({"form": typed})
        given = HandOverForm(
            initial={"contact": "Jan, 0612345678"}, case=world.case, prefix="handover"
        )
        assert given["contact"].kept_key() is None  # type: ignore[attr-defined]
        assert "0612345678" in INCLUDED.render({"form": given})
        after = INCLUDED.render({"form": MAKERS[HandOverForm](world)})
    assert after == empty
    for kept in core_forms._widgets.values():
        assert "wijkagent" not in kept
        assert "0612345678" not in kept


def test_the_kept_widgets_are_bounded(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(core_forms, "WIDGETS_MAX", 3)
    with translation.override("nl"):
        INCLUDED.render({"form": MAKERS[OrderForm](world)})
    assert len(core_forms._widgets) == 3
