"""Encryption of personal data at rest, field by field.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under the first key of
``SAMEN_FIELD_ENCRYPTION_KEYS``; every key in that list decrypts, so keys rotate by putting a new
key in front and re-saving the rows. Encrypted columns cannot
be searched or sorted in SQL; lists sort and filter on the non-personal columns beside them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"
# What a required personal-data column holds once its value was erased (retention, erasure).
ERASED = "[erased]"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("SAMEN_FIELD_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("value in an encrypted column is not encrypted")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "an encrypted value cannot be decrypted with SAMEN_FIELD_ENCRYPTION_KEYS"
        ) from exc


class EncryptedTextField(models.TextField):
    """A text column whose value is encrypted in the database and plain in Python."""

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise TypeError(f"encrypted fields cannot be filtered with {lookup_name}")
        return super().get_lookup(lookup_name)


def encrypted_except(model: type[models.Model], *shown: str) -> list[str]:
    """The encrypted fields of ``model`` other than ``shown``: for a list's ``defer()``, so that
    it decrypts only what it shows (each value read is decrypted, about 40 microseconds; an
    encrypted field added later is left out of such lists until one shows it)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField) and field.name not in shown
    ]
