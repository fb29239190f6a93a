"""The ``amount`` filter shows exactly what ``floatformat:"2g"`` shows, in every language samen
speaks, for amounts, their rounding and sign, and whatever else reaches it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from samen.core.templatetags.amounts import amount

VALUES: list[Any] = [
    Decimal("0"),
    Decimal("0.00"),
    Decimal("-0.00"),
    Decimal("-0.004"),
    Decimal("0.005"),
    Decimal("-0.005"),
    Decimal("1.5"),
    Decimal("999.995"),
    Decimal("-999.995"),
    Decimal("1234.5"),
    Decimal("-1234567.891"),
    Decimal("1E+3"),
    Decimal("1.2E+5"),
    Decimal("12345678901234567890123.456"),
    Decimal("1E+30"),  # more digits than the context's precision
    Decimal("NaN"),
    Decimal("Infinity"),
    0,
    7,
    -1000,
    10**20,
    True,
    3.5,
    -1234.565,
    "12.5",
    "not a number",
]


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_an_amount_reads_as_floatformat_shows_it(language: str) -> None:
    with translation.override(language):
        for value in VALUES:
            assert amount(value) == str(floatformat(value, "2g")), value
        assert amount(None) == amount("") == ""


def test_the_filter_groups_in_the_readers_language() -> None:
    template = Template("{% load amounts %}€ {{ value|amount }}")
    shown = {}
    for language in ("nl", "en", "fr"):
        with translation.override(language):
            shown[language] = template.render(Context({"value": Decimal("-12345.675")}))
    assert shown == {"nl": "€ -12.345,68", "en": "€ -12,345.68", "fr": "€ -12\xa0345,68"}
