"""Every form class of samen that declares something in its own class body: for tests that
check a promise a form makes (``unbound_html_is_static``, ``static_html_fields``)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from django import forms

import samen


def forms_declaring(attribute: str) -> list[type[forms.BaseForm]]:
    """The form classes of samen (every ``forms`` module imported first) whose own class body
    sets ``attribute`` to something true, by qualified name."""
    for module in pkgutil.walk_packages(samen.__path__, "samen."):
        if ".tests" in module.name or module.name.endswith(".conftest"):
            continue
        if module.name.rsplit(".", 1)[-1] == "forms" or ".forms." in module.name:
            importlib.import_module(module.name)

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {
            cls
            for cls in subclasses(forms.BaseForm)
            if cls.__module__.startswith("samen.") and vars(cls).get(attribute)
        },
        key=lambda cls: cls.__qualname__,
    )
