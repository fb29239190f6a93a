"""Choice widgets for long lists of options, with the markup of Django's own.

Django renders every option of a select or a list of checkboxes through the template engine:
about a tenth of a millisecond an option, so that a list of all districts of fifty
municipalities, or the contact persons of a large city, costs a page tens of milliseconds.
These widgets write the same markup (the same elements, attributes, ids and labels, escaped the
same way) in Python. Use them where a list of choices grows with the data; short lists keep
Django's widgets.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """Attributes as ``django/forms/widgets/attrs.html`` writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


class LongSelect(forms.Select):
    """A select (with option groups) for many options."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                html.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """A select of many options of which several may be chosen."""


class LongCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """A list of checkboxes for many options."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = ["<div"]
        if widget["attrs"].get("id"):
            html.append(format_html(' id="{}"', widget["attrs"]["id"]))
        if widget["attrs"].get("class"):
            html.append(format_html(' class="{}"', widget["attrs"]["class"]))
        html.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(format_html("\n  <div><label>{}</label>", group_name))
            for option in options:
                input_attrs = _attrs(option["attrs"])
                value_attr = (
                    ""
                    if option["value"] is None
                    else f' value="{conditional_escape(str(option["value"]))}"'
                )
                checkbox = (
                    f'<input type="{conditional_escape(option["type"])}" '
                    f'name="{conditional_escape(option["name"])}"{value_attr}{input_attrs}>'
                )
                if option["wrap_label"]:
                    label_for = (
                        f' for="{conditional_escape(option["attrs"]["id"])}"'
                        if option["attrs"].get("id")
                        else ""
                    )
                    label = conditional_escape(option["label"])
                    checkbox = f"<label{label_for}>{checkbox} {label}</label>"
                html.append(f"<div>\n    {checkbox}</div>")
            if group_name:
                html.append("\n  </div>")
        html.append("\n</div>")
        return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
