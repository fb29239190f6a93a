"""``{% case_form_slot name url %}``: where a form of the case page goes inside its
``<details>`` (decision 0019), named by the form's own title for whoever follows its link."""

from __future__ import annotations

from typing import Any

from django import template

from samen.casework.views.case_forms import CASE_FORMS, form_id

register = template.Library()


@register.inclusion_tag("casework/_case_form_slot.html")
def case_form_slot(name: str, url: str, row: int | None = None) -> dict[str, Any]:
    """The place of the form ``name`` (a key of ``CASE_FORMS``), filled from ``url``; ``row``:
    the key of the row a form of one row is for (the place's id, as the form's)."""
    return {
        "id": form_id(name, row),
        "url": url,
        "title": CASE_FORMS[name].title,
    }
