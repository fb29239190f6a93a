"""The fields of a form as every page shows them (``{% form_fields form %}``, and
``{% include "form_fields.html" %}``, which calls it): an error summary, then each field with
its label (a legend for a group of options), help text and errors, tied together by ids for
assistive technology.

Written in Python rather than by the template loop it replaced: seven fields, their widgets
included, took 0.89 ms through the template (1.30 ms with errors) and take 0.47 ms here (0.65
ms), of which the widgets 0.39 ms (issue 16; the signal page with the weighing form, the
programme's action form: 1.5-3 ms less). The markup is the template's:
``ui/tests/test_form_fields_markup.py`` keeps that template as the reference and compares the
two."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from django import template
from django.dispatch import receiver
from django.forms import BaseForm, BoundField, ModelChoiceField
from django.utils.autoreload import file_changed
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

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


def static_key(form: BaseForm | Sequence[BoundField]) -> tuple[Any, ...] | None:
    """What the HTML of ``form``'s fields depends on, when its class declares
    ``unbound_html_is_static`` (no choices from the database, nothing set per instance: no
    ``__init__`` of its own) and the form is unbound and without initial values; None for
    any other form (rendered each time)."""
    if not isinstance(form, BaseForm) or not getattr(type(form), "unbound_html_is_static", False):
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


@register.simple_tag
def form_fields(form: BaseForm | Sequence[BoundField]) -> SafeString:
    """The fields of ``form`` (``fields_html``), kept for the next page when the form's HTML is
    the same for everyone (``static_key``). A bound form (errors, what was typed) is always
    rendered."""
    key = static_key(form)
    if key is not None:
        with _lock:
            html = _rendered.get(key)
            if html is not None:
                _rendered.move_to_end(key)
                return html
    html = fields_html(form)
    if key is not None:
        with _lock:
            _rendered[key] = html
            while len(_rendered) > RENDERED_MAX:
                _rendered.popitem(last=False)
    return html


def fields_html(form: BaseForm | Sequence[BoundField]) -> SafeString:
    """The error summary and the fields of ``form``: the markup ``form_fields.html`` wrote. Like
    that template, it takes any sequence of bound fields too (some of a form's fields, laid out
    apart), which has no errors of its own and no summary."""
    escape = conditional_escape
    parts: list[str] = []
    if isinstance(form, BaseForm) and form.errors:
        prefix = escape(form.prefix or "form")
        items = [f"<li>{escape(str(error))}</li>" for error in form.non_field_errors()]
        for field in form:
            for error in field.errors:
                if field.is_hidden:
                    items.append(f"<li>{escape(str(error))}</li>")
                else:
                    items.append(
                        f'<li><a href="#{escape(first_input_id(field))}">'
                        f"{escape(field.label)}: {escape(str(error))}</a></li>"
                    )
        parts.append(
            # Named in the page title (ui.middleware), focused on arrival (samen.js).
            '\n  <div class="utrecht-alert utrecht-alert--error samen-error-summary"'
            ' data-error-summary tabindex="-1"\n       role="group"'
            f' aria-labelledby="{prefix}-error-summary-title">\n'
            '    <div class="utrecht-alert__content"><div class="utrecht-alert__message">\n'
            f'      <h2 class="samen-error-summary__title" id="{prefix}-error-summary-title">'
            f"{escape(gettext('There is a problem'))}</h2>\n"
            '      <ul class="samen-error-summary__list">\n        '
            + "\n        ".join(items)
            + "\n      </ul>\n    </div></div>\n  </div>\n"
        )
    required = f' <span class="required">({escape(gettext("required"))})</span>'
    for field in form:
        if field.is_hidden:
            parts.append(str(field))
            continue
        parts.append(_field_html(field, required))
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _field_html(field: BoundField, required: str) -> str:
    escape = conditional_escape
    errors = field.errors
    checkbox = field.widget_type == "checkbox"
    classes = "utrecht-form-field field"
    if errors:
        classes += " utrecht-form-field--invalid has-error"
    if checkbox:
        classes += " utrecht-form-field--checkbox"
    shown_for = getattr(field.field, "shown_for", None)
    opening = f'\n  <div class="{classes}"'
    if shown_for:
        opening += f' data-shown-for="{escape(shown_for)}"'
    auto_id = escape(field.auto_id)
    help_text = field.help_text
    help_html = (
        f'<p class="utrecht-form-field-description help" id="{auto_id}_helptext">'
        f"{escape(help_text)}</p>"
        if help_text
        else ""
    )
    errors_html = (
        f'<div class="utrecht-form-field-error-message error" id="{auto_id}_error">'
        + "".join(f"<p>{escape(str(error))}</p>" for error in errors)
        + "</div>"
        if errors
        else ""
    )
    star = required if field.field.required else ""
    label = escape(field.label)
    if field.use_fieldset:
        described = " ".join(
            ([f"{auto_id}_helptext"] if help_text else [])
            + ([f"{auto_id}_error"] if errors else [])
        )
        fieldset = '<fieldset class="samen-fieldset"'
        if described:
            fieldset += f' aria-describedby="{described}"'
        if errors:
            fieldset += ' aria-invalid="true"'
        body = (
            f"\n      {fieldset}>\n        <legend>{label}{star}</legend>\n        {help_html}"
            f"\n        {errors_html}\n        {field}\n      </fieldset>"
        )
    elif checkbox:
        body = (
            '\n      <div class="utrecht-form-field__label">'
            f'<label for="{escape(field.id_for_label)}">{label}</label></div>\n'
            f'      <div class="utrecht-form-field__input">{field}</div>\n'
            f"      {help_html}\n      {errors_html}"
        )
    else:
        body = (
            f'\n      <label class="utrecht-form-label" for="{escape(field.id_for_label)}">'
            f"{label}{star}</label>\n      {help_html}\n      {errors_html}\n      {field}"
        )
    return f"{opening}>{body}\n  </div>\n"


def forget_rendered() -> None:
    with _lock:
        _rendered.clear()


@receiver(file_changed, dispatch_uid="samen_forms_forget_rendered")
def _template_changed(sender: Any, file_path: Any, **kwargs: Any) -> None:
    """The development server reloads changed templates without a restart: so does this."""
    forget_rendered()
    forget_kept_widgets()
