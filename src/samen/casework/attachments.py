"""Attachments: checked on the way in, encrypted at rest, outside the web root.

Files live in ``<data folder>/attachments`` under a random name, encrypted with the same keys as
the personal-data columns. Only the policy-checked download view reads them back."""

from __future__ import annotations

import secrets
import zipfile
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samen.core.fields import fernet

MAX_BYTES = 10 * 1024 * 1024

# Allowed types, recognised by their content (the name a browser sends is not trusted).
ALLOWED = {
    "application/pdf": _("PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _("Word (DOCX)"),
    "application/vnd.oasis.opendocument.text": _("OpenDocument text (ODT)"),
    "image/png": _("PNG image"),
    "image/jpeg": _("JPEG image"),
    "text/plain": _("Plain text"),
}


class RejectedFile(ValueError):
    """The file is too big or of a type samen does not accept."""


def storage_dir() -> Path:
    path = Path(settings.DATA_DIR) / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sniff(content: bytes) -> str:
    """The content type, from the bytes themselves; raises RejectedFile for anything else."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(content)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if "mimetype" in names and archive.read("mimetype") == (
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "application/vnd.oasis.opendocument.text"
        except zipfile.BadZipFile:
            pass
        raise RejectedFile(_("This kind of file is not accepted."))
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedFile(_("This kind of file is not accepted.")) from None
    if "\x00" in text:
        raise RejectedFile(_("This kind of file is not accepted."))
    return "text/plain"


def check(content: bytes) -> str:
    if not content:
        raise RejectedFile(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise RejectedFile(_("The file is larger than 10 MB."))
    return sniff(content)


def store(content: bytes) -> str:
    name = secrets.token_hex(32)
    (storage_dir() / name).write_bytes(fernet().encrypt(content))
    return name


def read(storage_name: str) -> bytes:
    return fernet().decrypt((storage_dir() / storage_name).read_bytes())
