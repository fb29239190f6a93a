"""Form rendering helpers for ``templates/form_fields.html``."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django import template
from django.dispatch import receiver
from django.forms import BaseForm, BoundField, ModelChoiceField
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from samen.core.forms import forget_kept_widgets

register = template.Library()

# The fields of unbound forms whose HTML is the same for everyone (``form_fields``), by form
# class, prefix, ids and language: a bounded cache of this process, most recently used last.
RENDERED_MAX = 512
_rendered: OrderedDict[tuple[Any, ...], SafeString] = OrderedDict()
_lock = threading.Lock()


@register.filter
def first_input_id(field: BoundField) -> str:
    """The id the error summary links to: the field, or the first option of a group."""
    if field.use_fieldset:
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


def static_key(form: BaseForm) -> tuple[Any, ...] | None:
    """What the HTML of ``form``'s fields depends on, when its class declares
    ``unbound_html_is_static`` (no choices from the database, nothing set per instance: no
    ``__init__`` of its own) and the form is unbound and without initial values; None for
    any other form (rendered each time)."""
    if not getattr(type(form), "unbound_html_is_static", False):
        return None
    if form.is_bound:
        return None
    if form.initial:
        return None
    if any(isinstance(field, ModelChoiceField) for field in form.fields.values()):
        return None
    return (
        type(form),
        form.prefix,
        form.auto_id,
        get_language(),
        form.label_suffix,
        form.use_required_attribute,
        tuple(form.fields),
    )


@register.simple_tag(takes_context=True)
def form_fields(context: Any, form: BaseForm) -> SafeString:
    """``{% include "form_fields.html" with form=form %}``: the same HTML, kept for the next
    page when the form's HTML is the same for everyone (``static_key``). A bound form (errors,
    what was typed) is always rendered."""
    key = static_key(form)
    if key is not None:
        with _lock:
            html = _rendered.get(key)
            if html is not None:
                _rendered.move_to_end(key)
                return html
    fields = context.template.engine.get_template("form_fields.html")
    with context.push(form=form):
        html = fields.render(context)
    if key is not None:
        with _lock:
            _rendered[key] = html
            while len(_rendered) > RENDERED_MAX:
                _rendered.popitem(last=False)
    return html  # type: ignore[no-any-return]


def forget_rendered() -> None:
    with _lock:
        _rendered.clear()


@receiver(file_changed, dispatch_uid="samen_forms_forget_rendered")
def _template_changed(sender: Any, file_path: Any, **kwargs: Any) -> None:
    """The development server reloads changed templates without a restart: so does this."""
    forget_rendered()
    forget_kept_widgets()
