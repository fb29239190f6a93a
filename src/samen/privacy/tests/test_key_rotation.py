"""Key rotation re-encrypts everything under the new key; the blind index is rebuilt after."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from samen.audit.models import AuditEntry
from samen.casework.attachments import read, storage_dir
from samen.casework.models import Person, Signal
from samen.casework.tests.factories import TEST_PDF, World
from samen.core.blind_index import blind_index
from samen.core.fields import PREFIX
from samen.privacy.keys import encrypted_fields

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def _run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_encrypted_fields_are_found_through_the_personal_data_registry() -> None:
    found = {model._meta.label: {f.name for f in fields} for model, fields in encrypted_fields()}
    assert {"observation", "subject_name", "reporter_name"} <= found["casework.Signal"]
    assert "casework.CaseNote" in found and "audit.AuditEntry" not in found


def test_rotation_re_encrypts_under_the_first_key_and_is_idempotent(
    world: World, settings: Any
) -> None:
    old = settings.FIELD_ENCRYPTION_KEYS[-1]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    output = _run("rotate_field_keys")
    assert "casework.Signal:" in output and "attachment files re-encrypted: 1" in output
    stored = _raw("casework_signal", "observation", world.signal.pk)
    token = stored.removeprefix(PREFIX).encode()
    assert Fernet(new).decrypt(token) == b"Zorgen over een buurjongen"
    file = (storage_dir() / world.attachment.storage_name).read_bytes()
    assert Fernet(new).decrypt(file) == TEST_PDF
    with pytest.raises(InvalidToken):
        Fernet(old).decrypt(token)
    again = _run("rotate_field_keys")
    assert "values re-encrypted: 0;" in again and "attachment files re-encrypted: 0;" in again
    assert AuditEntry.objects.filter(action="privacy.keys.rotate").count() == 2
    # Drop the old key: everything reads, and the blind index (a key of its own) still finds
    # the person without a rebuild.
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert Signal.objects.get(pk=world.signal.pk).observation == "Zorgen over een buurjongen"
    assert read(world.attachment.storage_name) == TEST_PDF
    person = Person.objects.get(pk=world.case.person_id)
    assert person.name_only_index == blind_index("Tweede Persoon")
    assert "persons re-indexed: 0" in _run("rebuild_blind_index")

    # A new blind-index key: the index is rebuilt under it.
    settings.BLIND_INDEX_KEY = "n" * 40
    assert person.name_only_index != blind_index("Tweede Persoon")
    output = _run("rebuild_blind_index")
    assert "persons re-indexed: 1" in output
    person.refresh_from_db()
    assert person.name_only_index == blind_index("Tweede Persoon")
    assert Signal.objects.get(pk=world.signal.pk).subject_index == blind_index("Test Persoon", "")
    assert "persons re-indexed: 0" in _run("rebuild_blind_index")


def test_rebuild_refuses_when_a_value_cannot_be_read(world: World, settings: Any) -> None:
    from django.core.management.base import CommandError

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="SAMEN_FIELD_ENCRYPTION_KEYS"):
        _run("rebuild_blind_index")


def test_a_plain_value_in_an_encrypted_column_is_encrypted(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casework_signal SET observation = 'plain' WHERE id = %s",
            [world.signal.pk],
        )
    output = _run("rotate_field_keys")
    assert "plain values encrypted: 1" in output
    assert _raw("casework_signal", "observation", world.signal.pk).startswith(PREFIX)
    assert Signal.objects.get(pk=world.signal.pk).observation == "plain"
