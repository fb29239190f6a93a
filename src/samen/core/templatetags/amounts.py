"""``amount``: a number with two decimals, grouped by thousands, in the reader's locale: what
``floatformat:"2g"`` shows, without its general machinery. A budget page shows some 300 amounts;
``floatformat`` (a conversion through text, a quantize in a context of its own and a grouping
digit by digit) took a sixth of the page's time. Anything but a finite ``Decimal`` or an
``int`` (a float, text), and a locale that does not group by three, go to ``floatformat``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.translation import get_language

register = template.Library()

_CENTS = Decimal("0.01")
# Per language: whether it groups by three, its thousands and its decimal separator
# (``get_format`` looks each up anew on every call).
_SEPARATORS: dict[str | None, tuple[bool, str, str]] = {}


def _separators() -> tuple[bool, str, str]:
    language = get_language()
    found = _SEPARATORS.get(language)
    if found is None:
        found = _SEPARATORS[language] = (
            get_format("NUMBER_GROUPING") == 3,
            str(get_format("THOUSAND_SEPARATOR")),
            str(get_format("DECIMAL_SEPARATOR")),
        )
    return found


@register.filter(is_safe=True)
def amount(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return str(floatformat(value, "2g"))
    number = Decimal(value)
    by_three, thousands, decimals = _separators()
    if not by_three or not number.is_finite():
        return str(floatformat(value, "2g"))
    try:
        rounded = number.quantize(_CENTS, ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context's precision
        return str(floatformat(value, "2g"))
    whole, cents = f"{abs(rounded):,.2f}".split(".")
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole.replace(',', thousands)}{decimals}{cents}"
