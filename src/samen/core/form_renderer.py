"""The form renderer: Django's widget templates through Jinja2, anything else as before.

Every input, select, option and checkbox of a form is a template Django renders for it
(``django/forms/widgets/*.html``), two or three templates a field with their ``attrs.html``.
Through Django's template engine that was a third to a half of the time of a page with a form
(the user form, the weighing, a programme action; issue 16). Django ships the same widget
templates for Jinja2 (``django/forms/jinja2``), which renders them several times faster with the
same markup. This renderer takes a template from Jinja2 when Jinja2 has it, and otherwise from
the Django template engine as Django's default renderer does, so that a widget of a library, or
one of ours with a template of its own, renders as before. Pages stay Django templates.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(BaseRenderer):
    @cached_property
    def _jinja2(self) -> Any:
        return Jinja2().engine

    @cached_property
    def _django(self) -> Any:
        return DjangoTemplates().engine

    def get_template(self, template_name: str) -> Any:
        try:
            return self._jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
