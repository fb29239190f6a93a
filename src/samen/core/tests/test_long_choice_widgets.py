"""The widgets for long lists of choices write the markup of Django's own widgets: labels, ids,
chosen options, option groups and escaping are the same; only the white space between elements
differs (a browser reads it as one space, or not at all)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from samen.core.widgets import LongCheckboxSelectMultiple, LongSelect, LongSelectMultiple

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
