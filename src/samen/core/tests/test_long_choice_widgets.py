"""The widgets for long lists of choices write the markup of Django's own widgets: labels, ids,
chosen options, option groups and escaping are the same; only the white space between elements
differs (a browser reads it as one space, or not at all)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from samen.core.widgets import (
    LongCheckboxSelectMultiple,
    LongRadioSelect,
    LongSelect,
    LongSelectMultiple,
)

CHOICES: list[Any] = [
    ("", "Onbekend"),
    ("Noord & <Oost>", [(1, 'Wijk "A"'), (2, "Wijk <b>B</b>")]),
    ("Zuid", [(3, "Centrum"), (4, "Haven")]),
    (5, "Buiten de gemeente"),
]


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


@pytest.mark.parametrize(
    ("django_widget", "long_widget", "value"),
    [
        (forms.Select, LongSelect, 2),
        (forms.Select, LongSelect, None),
        (forms.SelectMultiple, LongSelectMultiple, [1, 4]),
        (forms.SelectMultiple, LongSelectMultiple, []),
        (forms.CheckboxSelectMultiple, LongCheckboxSelectMultiple, [1, 4]),
        (forms.CheckboxSelectMultiple, LongCheckboxSelectMultiple, []),
        (forms.RadioSelect, LongRadioSelect, 2),
        (forms.RadioSelect, LongRadioSelect, None),
    ],
)
def test_the_markup_is_djangos(django_widget: Any, long_widget: Any, value: Any) -> None:
    attrs = {"id": "id_wijk", "aria-describedby": "id_wijk_helptext", "required": True}
    expected = django_widget(choices=CHOICES).render(
        "wijk", value, attrs=attrs, renderer=DjangoTemplates()
    )
    rendered = long_widget(choices=CHOICES).render("wijk", value, attrs=attrs)
    assert _normal(rendered) == _normal(expected)
    assert "&lt;b&gt;B&lt;/b&gt;" in expected and "&quot;A&quot;" in expected


def test_a_form_renders_and_validates_with_them() -> None:
    class Form(forms.Form):
        one = forms.ChoiceField(choices=CHOICES, widget=LongSelect)
        many = forms.MultipleChoiceField(
            choices=CHOICES[1:3], widget=LongCheckboxSelectMultiple, required=False
        )

    form = Form({"one": "3", "many": ["1", "4"]})
    assert form.is_valid(), form.errors
    assert '<option value="3" selected>Centrum</option>' in str(form["one"])
    assert 'value="4" id="id_many_1_1" checked> Haven</label>' in str(form["many"])


# Values Django's option loop treats apart: a value chosen twice (a single choice selects only
# the first), None in a group (a checkbox without a value attribute), a label already safe (not
# escaped again) and a lazy translation.
SPECIAL: list[Any] = [
    (None, "Geen"),
    ("Groep", [(None, "Leeg"), ("x", mark_safe("<em>Vet</em>"))]),
    ("x", gettext_lazy("Yes")),
    (7, "Zeven & meer"),
]


@pytest.mark.parametrize(
    ("django_widget", "long_widget", "value"),
    [
        (forms.Select, LongSelect, "x"),
        (forms.SelectMultiple, LongSelectMultiple, ["x", "7"]),
        (forms.CheckboxSelectMultiple, LongCheckboxSelectMultiple, ["x"]),
        (forms.CheckboxSelectMultiple, LongCheckboxSelectMultiple, None),
        # "x" twice: a radio, like a select, checks only the first
        (forms.RadioSelect, LongRadioSelect, "x"),
        (forms.RadioSelect, LongRadioSelect, None),
    ],
)
def test_special_values_are_written_as_django_writes_them(
    django_widget: Any, long_widget: Any, value: Any
) -> None:
    attrs = {"id": "id_keuze", "class": "wide"}
    expected = django_widget(choices=SPECIAL).render(
        "keuze", value, attrs=attrs, renderer=DjangoTemplates()
    )
    rendered = long_widget(choices=SPECIAL).render("keuze", value, attrs=attrs)
    assert _normal(rendered) == _normal(expected)
    assert "<em>Vet</em>" in expected


@pytest.mark.django_db
def test_model_choices_are_written_as_django_writes_them() -> None:
    """A model choice field's options (values wrapping the instance), as the long lists of
    samen's forms have them."""
    Group.objects.create(name="Politie <Noord>")
    Group.objects.create(name="Jeugdzorg & co")
    chosen = Group.objects.create(name='Wijkteam "Oost"')
    queryset = Group.objects.order_by("name")
    for django_widget, long_widget, value in [
        (forms.Select, LongSelect, chosen.pk),
        (forms.CheckboxSelectMultiple, LongCheckboxSelectMultiple, [chosen.pk]),
        (forms.RadioSelect, LongRadioSelect, chosen.pk),
    ]:
        field = forms.ModelMultipleChoiceField(queryset=queryset, widget=django_widget)
        expected = field.widget.render(
            "partners", value, attrs={"id": "id_partners"}, renderer=DjangoTemplates()
        )
        field = forms.ModelMultipleChoiceField(queryset=queryset, widget=long_widget)
        rendered = field.widget.render("partners", value, attrs={"id": "id_partners"})
        assert _normal(rendered) == _normal(expected)
        assert "Politie &lt;Noord&gt;" in rendered and "Jeugdzorg &amp; co" in rendered
