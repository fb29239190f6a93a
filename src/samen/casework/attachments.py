"""Attachments: checked on the way in, encrypted at rest, outside the web root.

Files live in ``<data folder>/attachments`` under a random name, encrypted with the same keys as
the personal-data columns. Only the policy-checked download view reads them back.

What is accepted is an allow-list by content, never by the name or type a browser sends: PDF,
DOCX, ODT, PNG, JPEG and plain UTF-8 text. The stored file name keeps the client's name only as a
stem (bidirectional and other invisible controls removed, dots made harmless) and gets the
extension of the detected type, so ``Rapport\\u202efdp.exe`` holding a PDF is stored as
``Rapportfdp.pdf`` and ``brief.exe.pdf`` as ``brief_exe.pdf``. Refused besides what is not on
the list:

- archives (DOCX, ODT) that inflate like a bomb, or hold macros (``samen.core.archives``);
- PDFs with active content: JavaScript, launch actions, additional actions (``/AA``), an
  ``/OpenAction`` that is an action rather than a page to open at, embedded files, rich media and
  XFA forms;
- any file with an executable (Windows PE or ELF) inside it, or a PDF with data after its end
  (PDF/EXE polyglots);
- text that is markup (HTML, SVG, XML): a browser would run it. Other text, scripts included, is
  stored as inert ``text/plain`` under a ``.txt`` name.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samen.core import archives
from samen.core.fields import fernet
from samen.core.files import private_dir, write_private

MAX_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"

# Allowed types, recognised by their content, and the extension a stored name gets.
ALLOWED = {
    PDF: _("PDF"),
    DOCX: _("Word (DOCX)"),
    ODT: _("OpenDocument text (ODT)"),
    PNG: _("PNG image"),
    JPEG: _("JPEG image"),
    TEXT: _("Plain text"),
}
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt", PNG: ".png", JPEG: ".jpg", TEXT: ".txt"}

# Office Open XML and OpenDocument forbid DTDs in their XML parts (no entity expansion).
ARCHIVE_LIMITS = archives.ArchiveLimits(
    max_entries=2_000,
    max_entry_size=50 * 1024 * 1024,
    max_total_size=100 * 1024 * 1024,
    forbid_xml_dtd=True,
)

NOT_ACCEPTED = _("This kind of file is not accepted.")


class RejectedFile(ValueError):
    """The file is too big, of a type samen does not accept, or carries active content."""


def storage_dir() -> Path:
    return private_dir(Path(settings.DATA_DIR) / "attachments")


def sniff(content: bytes) -> str:
    """The content type, from the bytes themselves; raises RejectedFile for anything else."""
    _refuse_executables(content)
    if content.startswith(b"%PDF-"):
        _check_pdf(content)
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    _check_text(content)
    return TEXT


def check(content: bytes) -> str:
    if not content:
        raise RejectedFile(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise RejectedFile(_("The file is larger than 10 MB."))
    return sniff(content)


@dataclass(frozen=True)
class Checked:
    content_type: str
    filename: str


def check_upload(content: bytes, client_name: str) -> Checked:
    """Check the content and derive the name it is stored under from the detected type."""
    content_type = check(content)
    return Checked(content_type, stored_filename(client_name, content_type))


# Controls that reorder or hide text: bidirectional embeddings, overrides, isolates and marks,
# zero-width characters; with every other control (category C*) they are dropped from names.
def stored_filename(client_name: str, content_type: str) -> str:
    """``<stem of the client's name><extension of the detected type>``."""
    name = unicodedata.normalize("NFC", client_name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    stem = re.sub(r"[.\s]+", lambda m: "_" if "." in m.group() else " ", stem).strip(" _")
    stem = re.sub(r'[<>:"|?*]', "_", stem)[:100] or "bijlage"
    return stem + EXTENSIONS[content_type]


def store(content: bytes) -> str:
    name = secrets.token_hex(32)
    write_private(storage_dir() / name, fernet().encrypt(content))
    return name


def read(storage_name: str) -> bytes:
    return fernet().decrypt((storage_dir() / storage_name).read_bytes())


# --- executables and polyglots -------------------------------------------------------------


def _refuse_executables(content: bytes) -> None:
    """An executable anywhere in the file: a Windows PE (``MZ`` whose header points at ``PE``)
    or an ELF header."""
    start = content.find(b"MZ")
    while start >= 0:
        offset = int.from_bytes(content[start + 0x3C : start + 0x40], "little")
        if 0 < offset < 4096 and content[start + offset : start + offset + 4] == b"PE\x00\x00":
            raise RejectedFile(NOT_ACCEPTED)
        start = content.find(b"MZ", start + 1)
    if re.search(rb"\x7fELF[\x01\x02][\x01\x02]\x01", content):
        raise RejectedFile(NOT_ACCEPTED)


# --- office documents ----------------------------------------------------------------------


def _office_type(content: bytes) -> str:
    try:
        with archives.inspect(content, ARCHIVE_LIMITS) as archive:
            names = archive.names
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise RejectedFile(_("Documents with macros are not accepted."))
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype", cap=100) == ODT.encode():
                return ODT
    except archives.UnsafeArchive:
        raise RejectedFile(_("This archive is not accepted: it is damaged or too large.")) from None
    raise RejectedFile(NOT_ACCEPTED)


# --- PDF -----------------------------------------------------------------------------------

# Names that mean active content wherever they appear (checked on the raw bytes too, with the
# #xx escapes of PDF names decoded, so that unreachable or obfuscated objects count as well).
_ACTIVE_NAMES = {"/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
# Keys of a dictionary that mean active content (in the object graph only).
_ACTIVE_KEYS = _ACTIVE_NAMES | {"/JS", "/AA", "/EF", "/XFA"}
# Action types (/S) that run something, open something or send something.
_ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/GoToR",
    "/Rendition",
    "/Sound",
    "/Movie",
    "/RichMediaExecute",
}
_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_MAX_OBJECTS = 100_000
_MAX_TRAILING = 1024


def _check_pdf(content: bytes) -> None:
    end = content.rfind(b"%%EOF")
    if end < 0 or len(content[end + 5 :].strip()) > _MAX_TRAILING:
        raise RejectedFile(_("This PDF could not be read."))
    for match in _NAME.finditer(content):
        if _decode_name(match.group()) in _ACTIVE_NAMES:
            raise RejectedFile(_ACTIVE)
    _walk_pdf(content)


_ACTIVE = _(
    "PDFs with active content (scripts, actions, embedded files) are not accepted. "
    "Print the document to a new PDF and upload that."
)


def _decode_name(raw: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode(
        "latin-1"
    )


def _walk_pdf(content: bytes) -> None:
    """Every object reachable from the trailer, object streams included, is looked at once."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    try:
        reader = PdfReader(BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise RejectedFile(_("Password-protected PDFs are not accepted."))
        stack: list[Any] = [reader.trailer]
        seen: set[tuple[int, int]] = set()
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                if len(seen) > _MAX_OBJECTS:
                    raise RejectedFile(_("This PDF could not be read."))
                obj = obj.get_object()
            if isinstance(obj, DictionaryObject):
                keys = {str(key) for key in obj}
                if keys & _ACTIVE_KEYS:
                    raise RejectedFile(_ACTIVE)
                action = dict.get(obj, "/S")
                if isinstance(action, NameObject) and str(action) in _ACTIVE_ACTIONS:
                    raise RejectedFile(_ACTIVE)
                if "/OpenAction" in keys:
                    opening = obj["/OpenAction"]
                    if isinstance(opening, DictionaryObject) and opening.get("/S") != "/GoTo":
                        raise RejectedFile(_ACTIVE)
                stack.extend(dict.values(obj))
            elif isinstance(obj, ArrayObject):
                stack.extend(list.__iter__(obj))
    except RejectedFile:
        raise
    except Exception:  # any parser failure on untrusted input is a refusal
        raise RejectedFile(_("This PDF could not be read.")) from None


# --- text ----------------------------------------------------------------------------------

_MARKUP = re.compile(
    r"<\s*(?:html|svg|script|!doctype|\?xml|body|head|iframe|object|embed|meta|style|link|"
    r"math|xsl:|foreignobject)\b",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _check_text(content: bytes) -> None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RejectedFile(NOT_ACCEPTED) from None
    if _CONTROL.search(text):
        raise RejectedFile(NOT_ACCEPTED)
    if _MARKUP.search(text):
        raise RejectedFile(
            _("HTML, SVG and other markup are not accepted. Save the document as PDF.")
        )
