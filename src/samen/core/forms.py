"""Form helpers every app shares."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Model
from django.forms import BoundField, ModelChoiceField
from django.forms.models import ModelChoiceIterator
from django.utils.safestring import SafeString
from django.utils.translation import get_language


class ChoicesReadOnce(ModelChoiceIterator):
    """The choices of a model choice field, its queryset read at most once per form.

    Django reads a model choice field's queryset again for every pass over its choices: a
    required select without an empty choice is passed over twice when it is rendered (the
    widget's ``required`` attribute looks at the first choice). This iterator keeps the rows of
    the first pass, or uses rows the page read already (``read_choices_once(..., rows)``).
    Validation still asks the database: ``to_python`` filters the queryset itself."""

    def rows(self) -> Sequence[Model]:
        field = self.field
        read = getattr(field, "rows_read", None)
        # Rows belong to the queryset they were read from (or given for): a new queryset
        # (the form set another) is read again.
        if read is None or read[0] is not field.queryset:
            read = (field.queryset, list(self.queryset))
            field.rows_read = read  # type: ignore[attr-defined]
        return read[1]  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.rows()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.rows())


def read_choices_once(field: Any, rows: Sequence[Model] | None = None) -> None:
    """Let ``field`` (a model choice field of a form, after its queryset was set) read its
    choices once; with ``rows``, the rows its queryset returns, in its order, that the caller
    read already, so that the choices cost no query at all."""
    assert isinstance(field, ModelChoiceField)
    field.iterator = ChoicesReadOnce
    # The widget keeps the choices it was given: a fresh iterator over the field.
    field.widget.choices = field.choices
    if rows is not None:
        field.rows_read = (field.queryset, list(rows))  # type: ignore[attr-defined]


# The HTML of widgets that is the same for everyone (``KeptWidgetField``): by form class,
# field, names, ids and language; a bounded cache of this process, most recently used last.
WIDGETS_MAX = 1024
_widgets: OrderedDict[tuple[Any, ...], SafeString] = OrderedDict()
_widgets_lock = threading.Lock()


class KeptWidgetField(BoundField):
    """A field of a form that names it in ``static_html_fields``: its widget's HTML is kept
    while the form is unbound and the field shows its own default, the same for everyone.

    Rendering a widget goes through the form renderer's templates; an empty form on a busy
    page (the case page) has many. A field qualifies when nothing of its widget is set per
    instance (the form's promise: no choices, attributes or help set in ``__init__``), its
    choices do not come from the database, and its value is the field's own initial value
    (never a value of a row, a caller or what was typed)."""

    def kept_key(self) -> tuple[Any, ...] | None:
        form = self.form
        if form.is_bound:
            return None
        if self.name not in getattr(form, "static_html_fields", ()):
            return None
        if isinstance(self.field, ModelChoiceField):
            return None
        if callable(self.field.initial) or self.initial != self.field.initial:
            return None
        value = self.initial
        if isinstance(value, list | tuple):
            value = tuple(value)
        try:
            hash(value)
        except TypeError:
            return None
        return (
            type(form),
            self.name,
            self.html_name,
            self.auto_id,
            get_language(),
            form.use_required_attribute,
            type(value),
            value,
        )

    def as_widget(self, widget: Any = None, attrs: Any = None, only_initial: bool = False) -> Any:
        key = None if widget or attrs or only_initial else self.kept_key()
        if key is None:
            return super().as_widget(widget, attrs, only_initial)
        with _widgets_lock:
            html = _widgets.get(key)
            if html is not None:
                _widgets.move_to_end(key)
                return html
        html = super().as_widget()
        with _widgets_lock:
            _widgets[key] = html
            while len(_widgets) > WIDGETS_MAX:
                _widgets.popitem(last=False)
        return html


def forget_kept_widgets() -> None:
    with _widgets_lock:
        _widgets.clear()
