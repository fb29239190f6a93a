"""``{% form_fields form %}`` writes, in Python, the markup of the template loop it replaced
(``form_fields_reference.html``, that template as it was): the error summary and its links,
labels and legends, the required marker, help texts and errors tied to their field by ids,
checkboxes, hidden fields and the fields shown for a choice. Only the white space between
elements differs (a browser reads it as one space, or not at all)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from samen.core.widgets import LongCheckboxSelectMultiple, LongRadioSelect
from samen.ui.templatetags import samen_forms

REFERENCE = engines["django"].from_string(
    (Path(__file__).parent / "form_fields_reference.html").read_text(encoding="utf-8")
)
INCLUDED = engines["django"].from_string('{% include "form_fields.html" with form=form %}')


def normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


class Everything(forms.Form):
    name = forms.CharField(label="Naam & <toenaam>", help_text="Zoals in het <b>register</b>")
    note = forms.CharField(label="Notitie", required=False, widget=forms.Textarea)
    outcome = forms.ChoiceField(
        label="Uitkomst",
        choices=[("a", "Advies"), ("b", "Melding <elders>")],
        widget=LongRadioSelect,
        help_text=mark_safe("Kies <em>één</em>"),
    )
    reasons = forms.MultipleChoiceField(
        label="Redenen",
        choices=[("1", "Een"), ("2", "Twee")],
        widget=LongCheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="Akkoord", help_text="Verplicht voor het plan")
    follow_up = forms.CharField(label="Vervolg", required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].shown_for = "outcome=b"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("Het geheel klopt niet: <controleer>")


CASES = {
    "unbound": lambda: Everything(),
    "unbound, prefix and ids of a row": lambda: Everything(prefix="row", auto_id="id_%s-7"),
    "bound, every kind of error": lambda: Everything(
        {"name": "", "outcome": "x", "agree": "", "note": "<script>"}
    ),
    "bound with a prefix, errors": lambda: Everything({"p-name": "Jan"}, prefix="p"),
    "bound, valid fields and the form's own error": lambda: Everything(
        {"name": "Jan", "outcome": "a", "agree": "on", "token": "t", "reasons": ["2"]}
    ),
    "some fields of a bound form, laid out apart": lambda: [
        field for field in Everything({"name": ""}) if field.name in ("name", "outcome", "agree")
    ],
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_the_markup_is_the_template_s(case: str, language: str) -> None:
    with translation.override(language):
        expected = REFERENCE.render({"form": CASES[case]()})
        written = samen_forms.fields_html(CASES[case]())
        included = INCLUDED.render({"form": CASES[case]()})
    assert normal(written) == normal(expected)
    assert included.strip() == written.strip()


def test_the_reference_shows_what_is_compared() -> None:
    """The cases above reach every branch of the template: a summary with links and a hidden
    field's error, a legend with help and error ids, a checkbox, a field shown for a choice."""
    with translation.override("nl"):
        html = samen_forms.fields_html(CASES["bound, every kind of error"]())
    assert "samen-error-summary" in html and "Het geheel klopt niet: &lt;controleer&gt;" in html
    assert '<a href="#id_outcome_0">Uitkomst: ' in html
    assert 'aria-describedby="id_outcome_helptext id_outcome_error" aria-invalid="true"' in html
    assert "Kies <em>één</em>" in html and "Zoals in het &lt;b&gt;register&lt;/b&gt;" in html
    assert "utrecht-form-field--checkbox" in html and 'data-shown-for="outcome=b"' in html
    assert "Naam &amp; &lt;toenaam&gt;" in html and "(verplicht)" in html
    assert "<li>" in html and "token" in html
