"""Form rendering helpers for ``templates/form_fields.html``."""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def first_input_id(field: BoundField) -> str:
    """The id the error summary links to: the field, or the first option of a group."""
    if field.use_fieldset:
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id
