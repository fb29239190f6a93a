"""The registry of personal data: every model that holds it says so next to its definition.

A model that holds personal data is decorated with ``@personal_data(...)``, which declares, once:

- ``root``: the aggregate it belongs to (``"case"``, ``"signal"``, ``"person"``, …): its rows are
  reached, removed and exported with that root object;
- ``path``: the ORM path from the model to its root object (``"case"``, ``"agenda_item__case"``;
  empty for the root itself);
- ``order``: when its rows are removed, relative to the other models of the same root (lower
  first: rows that point at others go before them);
- ``section``: the key under which its rows appear in the subject-access export of their root
  (empty: not exported on its own); the rows are rendered by the model's ``subject_data()``;
- ``identity``: the columns that identify the person concerned and the value erasing writes into
  each; retention (after the person term) and erasure on request both blank exactly these;
- ``files``: a column naming an encrypted file on disk that goes with the row;
- ``related`` / ``prefetch``: what the export reads along (``select_related`` /
  ``prefetch_related``), so that it takes one query per model whatever the history.

Every encrypted column of a registered model is blanked by erasure on request and re-encrypted
by key rotation. Retention, erasure, the subject-access export, key rotation and the data
generator read this registry instead of naming models themselves, and a test walks the
relations of the roots and fails on a model that is neither registered nor ``exempt``-ed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samen.core.fields import ERASED, EncryptedTextField

ModelT = TypeVar("ModelT", bound=type[models.Model])

# What an export shows instead of a third person's name (a reporter, a related person).
REDACTED = gettext_lazy("[redacted: third person]")


@dataclass(frozen=True)
class Entry:
    model: type[models.Model]
    root: str
    path: str
    order: int
    section: str
    identity: Mapping[str, Any] = field(default_factory=dict)
    files: str = ""
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def is_root(self) -> bool:
        return self.path == ""

    def encrypted_fields(self) -> list[EncryptedTextField]:
        return [
            f
            for f in self.model._meta.concrete_fields
            if isinstance(f, EncryptedTextField) and f.model is self.model
        ]

    def erased_values(self) -> dict[str, Any]:
        """What erasure on request writes: every encrypted column (required ones get the
        visible marker, optional ones become empty) and the identity columns."""
        values: dict[str, Any] = {
            f.attname: ("" if f.blank else ERASED) for f in self.encrypted_fields()
        }
        values.update(self.identity)
        return values

    def rows_of(self, roots: models.QuerySet[Any] | list[Any]) -> models.QuerySet[Any]:
        """This model's rows that hang from the root objects ``roots`` (a queryset, or the
        primary keys of roots read already)."""
        lookup = f"{self.path}__in" if self.path else "pk__in"
        keys = roots.values("pk") if isinstance(roots, models.QuerySet) else roots
        return self.model._default_manager.filter(**{lookup: keys})


_REGISTRY: dict[type[models.Model], Entry] = {}
EXEMPT: dict[str, str] = {}


def personal_data(
    *,
    root: str,
    path: str = "",
    order: int = 50,
    section: str = "",
    identity: Mapping[str, Any] | None = None,
    files: str = "",
    related: tuple[str, ...] = (),
    prefetch: tuple[str, ...] = (),
) -> Callable[[ModelT], ModelT]:
    """Register the decorated model as holding personal data (see the module's docstring)."""

    def register(model: ModelT) -> ModelT:
        if model in _REGISTRY:
            raise ValueError(f"{model.__name__} is registered twice")
        if (section or not path) and not callable(getattr(model, "subject_data", None)):
            raise TypeError(f"{model.__name__} is exported: give it a subject_data() method")
        _REGISTRY[model] = Entry(
            model, root, path, order, section, dict(identity or {}), files, related, prefetch
        )
        return model

    return register


def exempt(label: str, reason: str) -> None:
    """Declare that a model reached from a root holds no personal data of its own."""
    EXEMPT[label.lower()] = reason


def entries(root: str | None = None) -> list[Entry]:
    """The registered models (of one root), in removal order."""
    found = [e for e in _REGISTRY.values() if root is None or e.root == root]
    return sorted(found, key=lambda e: (e.root, e.order, e.label))


def entry_for(model: type[models.Model]) -> Entry | None:
    return _REGISTRY.get(model)


def root_entry(root: str) -> Entry:
    return next(e for e in entries(root) if e.is_root)


def when(value: datetime | date | None, zone: tzinfo | None = None) -> str | None:
    """A moment as the subject-access export writes it: local time, ISO 8601. ``zone``: the
    current time zone, looked up once by a caller that writes thousands of moments (each
    look-up reads a context-local variable: 8 µs, two thirds of the time per moment)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(zone or timezone.get_current_timezone()).isoformat(
            timespec="seconds"
        )
    return value.isoformat()


def organisation_name(organisation: Any) -> str | None:
    """Staff are named by their organisation only in an export (CJEU C-579/21)."""
    return organisation.name if organisation is not None else None


# --- what retention, erasure and the subject-access export do with the registry ---------------


def remove(root: str, roots: models.QuerySet[Any]) -> list[str]:
    """Delete the root objects ``roots`` and every registered row hanging from them, in the
    registered order; returns the stored file names to unlink once the transaction commits."""
    files: list[str] = []
    for entry in entries(root):
        rows = entry.rows_of(roots)
        if entry.files:
            files += [str(name) for name in rows.values_list(entry.files, flat=True)]
        if entry.is_root:
            continue
        rows.delete()
    root_entry(root).model._default_manager.filter(
        pk__in=list(roots.values_list("pk", flat=True))
    ).delete()
    return files


def erase_identity(roots: Mapping[str, models.QuerySet[Any]]) -> dict[str, int]:
    """Blank the columns that identify the person, in every registered model that has such
    columns, for the rows hanging from ``roots`` (root name -> queryset of root objects).

    Retention (after the person term) and erasure on request both call this, so both blank
    exactly the same columns."""
    counts: dict[str, int] = {}
    for root, queryset in roots.items():
        for entry in entries(root):
            if entry.identity:
                counts[entry.label] = entry.rows_of(queryset).update(**entry.identity)
    _counted_data_changed()
    return counts


def blank(roots: Mapping[str, models.QuerySet[Any]]) -> tuple[dict[str, int], list[str]]:
    """Erasure on request: overwrite every encrypted and identity column of every registered
    row hanging from ``roots``; returns the counts and the files to unlink after the commit."""
    counts: dict[str, int] = {}
    files: list[str] = []
    for root, queryset in roots.items():
        for entry in entries(root):
            rows = entry.rows_of(queryset)
            if entry.files:
                files += [str(name) for name in rows.values_list(entry.files, flat=True)]
            values = entry.erased_values()
            counts[entry.label] = rows.update(**values) if values else rows.count()
    _counted_data_changed()
    return counts, files


def _counted_data_changed() -> None:
    """Blanking a date of birth, a gender or a district changes counts (the yearly account's
    ages, for one); ``update`` sends no model signals, and which municipalities the rows belong
    to is not known here: every generation moves on (``samen.core.generations``)."""
    from samen.core import generations

    generations.bump_all()


def export(root: str, roots: models.QuerySet[Any]) -> list[dict[str, Any]]:
    """The subject-access export of the root objects ``roots``: each root's own data with its
    sections (the rows of every exported model hanging from it). One query per model."""
    return export_with_roots(root, roots)[0]


def export_with_roots(
    root: str, roots: models.QuerySet[Any]
) -> tuple[list[dict[str, Any]], list[Any]]:
    """``export``, and the root objects it read, in the same order: what a report needs of
    them besides (their ids, the dates its retention terms start from) without reading them
    again (issue 16)."""
    root_model = root_entry(root)
    ordered = list(roots.select_related(*root_model.related).prefetch_related(*root_model.prefetch))
    result: dict[Any, dict[str, Any]] = {obj.pk: obj.subject_data() for obj in ordered}
    # Each section by the keys of the roots just read, not by the roots' query again: the
    # same rows, a query that is simpler to build and to plan.
    keys = list(result)
    for entry in entries(root):
        if entry.is_root or not entry.section:
            continue
        for row in result.values():
            row[entry.section] = []
        # In the order of their keys, sorted here: an ORDER BY costs Django about as much to
        # build as the rest of the statement, comparing the sort key with every selected
        # column (a section with its related rows selects fifty and more; issue 16).
        rows = sorted(
            entry.rows_of(keys)
            .annotate(_root_pk=models.F(f"{entry.path}__pk"))
            .select_related(*entry.related)
            .prefetch_related(*entry.prefetch)
            .order_by(),
            key=lambda item: item.pk,
        )
        for item in rows:
            result[item._root_pk][entry.section].append(item.subject_data())
    return [result[obj.pk] for obj in ordered], ordered


# --- the registry test's walk --------------------------------------------------------------


def reachable_from(roots: list[type[models.Model]]) -> set[type[models.Model]]:
    """Every model that hangs from ``roots``: the roots and, transitively, every model with a
    foreign key or one-to-one key to one of them (auto-created many-to-many tables aside: they
    go with their model)."""
    found: set[type[models.Model]] = set()
    todo = list(roots)
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.add(model)
        for relation in model._meta.related_objects:
            related = relation.related_model
            if isinstance(related, type) and not related._meta.auto_created:
                todo.append(related)
    return found


def unregistered(
    models_to_check: set[type[models.Model]],
    all_models: list[type[models.Model]] | None = None,
) -> list[str]:
    """The models among ``models_to_check``, and every model (of ``all_models``, by default
    all installed ones) that has an encrypted column, that are neither registered nor
    exempted: the registry test fails on any of them."""
    from django.apps import apps

    with_encrypted = {
        model
        for model in (apps.get_models() if all_models is None else all_models)
        if any(isinstance(f, EncryptedTextField) for f in model._meta.concrete_fields)
    }
    missing = {
        model._meta.label_lower
        for model in models_to_check | with_encrypted
        if model not in _REGISTRY and model._meta.label_lower not in EXEMPT
    }
    return sorted(missing)
