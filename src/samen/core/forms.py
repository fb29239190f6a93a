"""Form helpers every app shares."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Model
from django.forms import ModelChoiceField
from django.forms.models import ModelChoiceIterator


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
