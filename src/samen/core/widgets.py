"""Choice widgets for long lists of options, with the markup of Django's own.

Django renders every option of a select or a list of checkboxes through the template engine:
about a tenth of a millisecond an option, so that a list of all districts of fifty
municipalities, or the contact persons of a large city, costs a page tens of milliseconds.
These widgets write the same markup (the same elements, attributes, ids and labels, escaped the
same way) in Python. Forms use them for every list of checkboxes and of radio buttons, fixed
lists of choices too (six radio buttons took 0.23 ms through the widget templates, Jinja2 by
``core.form_renderer``, and 0.02 ms here; issue 16, decision 0027), and for the selects whose
choices come from the data; a select of fixed choices keeps Django's widget.

They also skip what Django builds for each option before any markup: a dictionary of eleven
keys with a copy of the widget's attributes (``ChoiceWidget.create_option``), and seven calls
of ``conditional_escape``, each through the wrapper that looks for lazy strings. For the 216
concepts of the thesaurus on the practice form that was 14 ms of a 40 ms page (issue 16). The
options are chosen and numbered as ``ChoiceWidget.optgroups`` does.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.widgets import ChoiceWidget
from django.utils.safestring import SafeString, mark_safe


def _escape(value: Any) -> str:
    """``conditional_escape`` without its wrapper for lazy strings: what is already safe
    (``__html__``) as it is, anything else as ``django.utils.html.escape`` writes it."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """Attributes as ``django/forms/widgets/attrs.html`` writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_escape(name)}")
        else:
            parts.append(f' {_escape(name)}="{_escape(value)}"')
    return "".join(parts)


# An option: its value (None where Django's option has None) and label, escaped, and its
# attributes.
Option = tuple[str | None, str, dict[str, Any]]


class _LongChoices(ChoiceWidget):
    """What both widgets share: the options grouped, chosen and numbered as Django does."""

    def _context(
        self, name: str, value: Any, attrs: dict[str, Any] | None
    ) -> tuple[dict[str, Any], Iterator[tuple[Any, list[Option]]]]:
        """The widget's own attributes (``Widget.get_context``) and its option groups, whose
        options start from a copy of those attributes where Django's do (checkboxes)."""
        own = self.build_attrs(self.attrs, attrs)
        inherited = dict(own) if self.option_inherits_attrs else None
        return own, self._groups(self.format_value(value), inherited)

    def _groups(
        self, values: list[str], inherited: dict[str, Any] | None
    ) -> Iterator[tuple[Any, list[Option]]]:
        """``ChoiceWidget.optgroups`` without a dictionary an option: (group name or None,
        options). A single choice selects only the first option of its value."""
        chosen = set(values)
        has_selected = False
        for index, (option_value, option_label) in enumerate(self.choices):
            if option_value is None:
                option_value = ""
            if isinstance(option_label, list | tuple):
                group_name, subindex, choices = option_value, 0, option_label
            else:
                group_name, subindex, choices = None, None, [(option_value, option_label)]
            options: list[Option] = []
            for subvalue, sublabel in choices:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in chosen
                has_selected |= selected
                option_attrs = dict(inherited) if inherited is not None else {}
                if selected:
                    option_attrs.update(self.checked_attribute)
                if "id" in option_attrs:
                    number = str(index) if subindex is None else f"{index}_{subindex}"
                    option_attrs["id"] = self.id_for_label(option_attrs["id"], number)
                shown = None if subvalue is None else _escape(subvalue)
                options.append((shown, _escape(sublabel), option_attrs))
                if subindex is not None:
                    subindex += 1
            yield group_name, options


class LongSelect(_LongChoices, forms.Select):
    """A select (with option groups) for many options."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        own, groups = self._context(name, value, attrs)
        if self.allow_multiple_selected:
            own["multiple"] = True  # as Select.get_context
        html_parts = [f'<select name="{_escape(name)}"{_attrs(own)}>']
        for group_name, options in groups:
            if group_name:
                html_parts.append(f'\n  <optgroup label="{_escape(group_name)}">')
            html_parts.extend(
                # select_option.html writes a value of None as "None"
                f'\n  <option value="{option_value}"{_attrs(option_attrs)}>{label}</option>'
                for option_value, label, option_attrs in options
            )
            if group_name:
                html_parts.append("\n  </optgroup>")
        html_parts.append("\n</select>")
        return mark_safe("".join(html_parts))  # noqa: S308 - every value above is escaped


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """A select of many options of which several may be chosen."""


class _LongInputs(_LongChoices):
    """A list of inputs a choice, as ``multiple_input.html`` writes it (checkboxes, radios)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        own, groups = self._context(name, value, attrs)
        html_parts = ["<div"]
        if own.get("id"):
            html_parts.append(f' id="{_escape(own["id"])}"')
        if own.get("class"):
            html_parts.append(f' class="{_escape(own["class"])}"')
        html_parts.append(">")
        start = f'<input type="{_escape(self.input_type)}" name="{_escape(name)}"'
        for group_name, options in groups:
            if group_name:
                html_parts.append(f"\n  <div><label>{_escape(group_name)}</label>")
            for option_value, label, option_attrs in options:
                # input_option.html leaves the value out where it is None
                shown = "" if option_value is None else f' value="{option_value}"'
                checkbox = f"{start}{shown}{_attrs(option_attrs)}>"
                label_for = (
                    f' for="{_escape(option_attrs["id"])}"' if option_attrs.get("id") else ""
                )
                html_parts.append(f"<div>\n    <label{label_for}>{checkbox} {label}</label></div>")
            if group_name:
                html_parts.append("\n  </div>")
        html_parts.append("\n</div>")
        return mark_safe("".join(html_parts))  # noqa: S308 - every value above is escaped


class LongCheckboxSelectMultiple(_LongInputs, forms.CheckboxSelectMultiple):
    """A list of checkboxes."""


class LongRadioSelect(_LongInputs, forms.RadioSelect):
    """A list of radio buttons (one choice: only the first option of its value is checked)."""
