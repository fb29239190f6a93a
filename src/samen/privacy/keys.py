"""Key rotation of the encrypted columns and attachment files, and the blind-index rebuild.

Rotating (``samen rotate-field-keys``): put a new key in front of ``SAMEN_FIELD_ENCRYPTION_KEYS``
(the old one stays listed, so everything still reads), then re-encrypt every value and every
attachment file under the first key with ``MultiFernet.rotate``. Values already under the first
key are left alone, so the command can be run again (or resumed after an interruption).

The blind index has a key of its own (``SAMEN_BLIND_INDEX_KEY``), so rotating the encryption keys
leaves it valid. ``samen rebuild-blind-index`` recomputes it after that key was changed (until it
finishes, exact person searches and the "same person" signals find nothing).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Value

from samen.core import personal_data
from samen.core.blind_index import blind_index, person_indexes
from samen.core.fields import PREFIX, EncryptedTextField, encrypt, fernet

BATCH_SIZE = 500


@dataclass
class RotationReport:
    rotated: dict[str, int] = field(default_factory=dict)
    current: int = 0
    encrypted_plain: int = 0
    files_rotated: int = 0
    files_current: int = 0
    files_missing: int = 0

    @property
    def values_rotated(self) -> int:
        return sum(self.rotated.values())


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every model of the registry of personal data with its encrypted columns (the registry
    test makes sure no model with an encrypted column is left out of it)."""
    for entry in personal_data.entries():
        fields = entry.encrypted_fields()
        if fields:
            yield entry.model, fields


def _first_key() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0])


def _is_current(token: bytes, first: Fernet) -> bool:
    try:
        first.decrypt(token)
    except InvalidToken:
        return False
    return True


def _raw_batches(
    model: type[models.Model], columns: list[str], batch_size: int
) -> Iterator[list[tuple[object, ...]]]:
    """The stored (encrypted) values, in primary-key order, a batch at a time.

    Raw SQL: the ORM would decrypt the values, and rotation needs the tokens themselves."""
    quote = connection.ops.quote_name
    pk = str(model._meta.pk.column)  # type: ignore[union-attr]
    select = ", ".join(quote(c) for c in [pk, *columns])
    table = quote(model._meta.db_table)
    sql = f"SELECT {select} FROM {table} WHERE {quote(pk)} > %s ORDER BY {quote(pk)} LIMIT %s"  # noqa: S608
    last: Any = -1 if model._meta.pk.get_internal_type() != "CharField" else ""  # type: ignore[union-attr]
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [last, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def rotate_columns(report: RotationReport, batch_size: int = BATCH_SIZE) -> None:
    first = _first_key()
    current = fernet()
    for model, fields in encrypted_fields():
        label = model._meta.label
        columns = [str(f.column) for f in fields]
        for rows in _raw_batches(model, columns, batch_size):
            with transaction.atomic():
                for row in rows:
                    changes: dict[str, Value] = {}
                    for f, stored in zip(fields, row[1:], strict=True):
                        if not stored:
                            continue
                        text = str(stored)
                        if not text.startswith(PREFIX):
                            # A plain value in an encrypted column: encrypt it now.
                            changes[f.attname] = Value(encrypt(text), models.TextField())
                            report.encrypted_plain += 1
                            continue
                        token = text[len(PREFIX) :].encode()
                        if _is_current(token, first):
                            report.current += 1
                            continue
                        rotated = PREFIX + current.rotate(token).decode()
                        # Value(..., TextField()) stores the token as it is: the field itself
                        # would encrypt it once more.
                        changes[f.attname] = Value(rotated, models.TextField())
                        report.rotated[label] = report.rotated.get(label, 0) + 1
                    if changes:
                        model._base_manager.filter(pk=row[0]).update(**changes)


def rotate_attachment_files(report: RotationReport) -> None:
    from samen.casework.attachments import storage_dir
    from samen.casework.models import Attachment

    first = _first_key()
    current = fernet()
    folder = storage_dir()
    names = Attachment.objects.order_by("pk").values_list("storage_name", flat=True)
    for name in names.iterator(chunk_size=BATCH_SIZE):
        path = folder / name
        if not path.exists():
            report.files_missing += 1
            continue
        data = path.read_bytes()
        if _is_current(data, first):
            report.files_current += 1
            continue
        temporary = path.with_name(name + ".rotating")
        temporary.write_bytes(current.rotate(data))
        os.replace(temporary, path)  # atomic: the file is either old or new, never half
        report.files_rotated += 1


def rotate_field_keys(batch_size: int = BATCH_SIZE) -> RotationReport:
    report = RotationReport()
    rotate_columns(report, batch_size)
    rotate_attachment_files(report)
    return report


@dataclass
class IndexReport:
    signals: int = 0
    persons: int = 0
    programme: int = 0


def _chunks(iterable: Iterator[Any], size: int) -> Iterator[list[Any]]:
    return iter(lambda: list(islice(iterable, size)), [])


def rebuild_blind_index(batch_size: int = BATCH_SIZE) -> IndexReport:
    """Recompute Signal.subject_index and Person.name_index/name_only_index under the current
    last key, from the decrypted values, in batches of one transaction each. Rows whose index
    is already right are not written, so the command can be run again."""
    from samen.casework.models import Person, Signal

    report = IndexReport()
    signals = Signal.objects.order_by("pk").only(
        "pk", "subject_name", "subject_birth_date", "subject_index"
    )
    for chunk in _chunks(signals.iterator(chunk_size=batch_size), batch_size):
        with transaction.atomic():
            for signal in chunk:
                index = (
                    blind_index(signal.subject_name, signal.subject_birth_date)
                    if signal.subject_name
                    else ""
                )
                if index != signal.subject_index:
                    Signal.objects.filter(pk=signal.pk).update(subject_index=index)
                    report.signals += 1
    persons = Person.objects.order_by("pk").only(
        "pk", "name", "birth_date", "name_index", "name_only_index"
    )
    for chunk in _chunks(persons.iterator(chunk_size=batch_size), batch_size):
        with transaction.atomic():
            for person in chunk:
                indexes = person_indexes(person.name, person.birth_date)
                if indexes != (person.name_index, person.name_only_index):
                    Person.objects.filter(pk=person.pk).update(
                        name_index=indexes[0], name_only_index=indexes[1]
                    )
                    report.persons += 1
    # The programme's network: name and e-mail address of contact persons, key figures and
    # named training participants (every registered root with these two indexes).
    for root in ("contact_person", "key_figure", "training_participant"):
        model = personal_data.root_entry(root).model
        rows = model._default_manager.order_by("pk").only(
            "pk", "name", "email", "name_index", "email_index"
        )
        for chunk in _chunks(rows.iterator(chunk_size=batch_size), batch_size):
            with transaction.atomic():
                for row in chunk:
                    name_index = blind_index(row.name)
                    email_index = blind_index(row.email) if row.email else ""
                    if (name_index, email_index) != (row.name_index, row.email_index):
                        model._default_manager.filter(pk=row.pk).update(
                            name_index=name_index, email_index=email_index
                        )
                        report.programme += 1
    return report
