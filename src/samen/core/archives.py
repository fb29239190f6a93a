"""Looking into ZIP archives (DOCX, ODT) without inflating them.

A small upload can hold entries that inflate to gigabytes (a decompression bomb). Every reader
of an uploaded archive opens it here first:

- the number of entries is read from the end-of-central-directory record before anything else
  is parsed, so an archive of a million tiny entries is refused before it costs memory;
- the sizes come from the central directory (no entry is inflated to learn them): the archive is
  refused when an entry or all entries together would inflate beyond the limits, or when an
  entry's ratio of inflated to compressed size is that of a bomb;
- entries are only ever read streamed, in chunks, with a cap, so an archive whose central
  directory lies about its sizes is stopped at the cap as well;
- archives inside the archive (an embedded spreadsheet, a bomb in a bomb) are inspected the same
  way, one level deep, and count against the same budget;
- XML parts can be required to carry no document type declaration, which is where entity
  expansion ("billion laughs") and external entities live.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

_EOCD_SIGNATURE = b"PK\x05\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 0xFFFF
_LOCAL_SIGNATURE = b"PK\x03\x04"
_CHUNK = 64 * 1024
# Entries that are archives themselves, by name; others are recognised by their first bytes.
_ARCHIVE_SUFFIXES = (".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".jar")
_XML_SUFFIXES = (".xml", ".rels")
_DTD_MARKERS = (b"<!doctype", b"<!entity")


class UnsafeArchive(ValueError):
    """The archive is refused; ``code`` says why (for tests and logs, never shown raw)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 2_000
    # Inflated size of one entry and of all entries (nested archives included).
    max_entry_size: int = 50 * 1024 * 1024
    max_total_size: int = 100 * 1024 * 1024
    # Inflated / compressed; only for entries larger than ``ratio_floor`` when inflated.
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024
    # Archives inside the archive are inspected this many levels deep; deeper ones are refused.
    max_depth: int = 1
    # Refuse XML parts with a document type declaration (entity expansion, external entities).
    forbid_xml_dtd: bool = False


DEFAULT_LIMITS = ArchiveLimits()


@dataclass
class _Budget:
    remaining: int


@dataclass
class Archive:
    """An inspected archive: its entry names, and capped streamed reads of its entries."""

    zip: zipfile.ZipFile
    limits: ArchiveLimits
    names: frozenset[str] = field(default_factory=frozenset)

    def read(self, name: str, cap: int) -> bytes:
        """The entry's bytes, read in chunks; refused when it inflates to more than ``cap``."""
        return _read_capped(self.zip, self.zip.getinfo(name), cap)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_zip(data: bytes) -> bool:
    return data.startswith(_LOCAL_SIGNATURE)


def entry_count(data: bytes) -> int:
    """The number of entries the end-of-central-directory record declares (nothing parsed)."""
    tail = data[-(_EOCD_SIZE + _MAX_COMMENT) :]
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise UnsafeArchive("not_zip", "not a readable ZIP archive")
    (disk, cd_disk, on_disk, total, _cd_size, _cd_offset, _comment) = struct.unpack(
        "<HHHHIIH", tail[at + 4 : at + _EOCD_SIZE]
    )
    if disk != 0 or cd_disk != 0 or on_disk != total:
        raise UnsafeArchive("multi_disk", "split ZIP archives are not accepted")
    if total == 0xFFFF:
        # ZIP64: never needed within these limits.
        raise UnsafeArchive("zip64", "ZIP64 archives are not accepted")
    return int(total)


def inspect(data: bytes, limits: ArchiveLimits = DEFAULT_LIMITS) -> Archive:
    """Open ``data`` as a ZIP archive and check it against ``limits`` without inflating it
    (beyond a few bytes per entry, and nested archives and XML parts when asked for)."""
    return _inspect(data, limits, _Budget(limits.max_total_size), depth=0)


def _inspect(data: bytes, limits: ArchiveLimits, budget: _Budget, depth: int) -> Archive:
    if not is_zip(data):
        raise UnsafeArchive("not_zip", "not a ZIP archive")
    if entry_count(data) > limits.max_entries:
        raise UnsafeArchive("too_many_entries", "the archive holds too many entries")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UnsafeArchive("not_zip", "not a readable ZIP archive") from exc
    try:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        if len(names) > limits.max_entries:
            raise UnsafeArchive("too_many_entries", "the archive holds too many entries")
        if len(set(names)) != len(names):
            raise UnsafeArchive("duplicate", "the archive names an entry twice")
        for info in infos:
            _check_declared(info, limits, budget)
        for info in infos:
            if info.is_dir():
                continue
            if limits.forbid_xml_dtd and info.filename.lower().endswith(_XML_SUFFIXES):
                _check_no_dtd(archive, info)
            if _looks_like_archive(archive, info):
                if depth >= limits.max_depth:
                    raise UnsafeArchive("nested", "archives nested too deep are not accepted")
                inner = _read_capped(archive, info, info.file_size)
                _inspect(inner, limits, budget, depth + 1).close()
        return Archive(archive, limits, frozenset(names))
    except BaseException:
        archive.close()
        raise


def _check_declared(info: zipfile.ZipInfo, limits: ArchiveLimits, budget: _Budget) -> None:
    if info.flag_bits & 0x1:
        raise UnsafeArchive("encrypted", "encrypted archives are not accepted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnsafeArchive("method", "this compression method is not accepted")
    if info.file_size > limits.max_entry_size:
        raise UnsafeArchive("too_large", "an entry of the archive is too large")
    budget.remaining -= info.file_size
    if budget.remaining < 0:
        raise UnsafeArchive("too_large", "the archive's entries are too large together")
    if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        raise UnsafeArchive("ratio", "an entry of the archive is compressed like a bomb")


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > cap:
                    raise UnsafeArchive("too_large", "an entry of the archive is too large")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, UnsafeArchive):
            raise
        raise UnsafeArchive("corrupt", "an entry of the archive cannot be read") from exc
    return bytes(out)


def _head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    try:
        with archive.open(info) as stream:
            return stream.read(size)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise UnsafeArchive("corrupt", "an entry of the archive cannot be read") from exc


def _looks_like_archive(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    if info.filename.lower().endswith(_ARCHIVE_SUFFIXES):
        return True
    return info.file_size >= 4 and _head(archive, info, 4) == _LOCAL_SIGNATURE


def _check_no_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream the XML part and refuse a DOCTYPE or ENTITY declaration anywhere in it."""
    overlap = max(len(marker) for marker in _DTD_MARKERS)
    tail = b""
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    raise UnsafeArchive("too_large", "an entry of the archive is too large")
                window = (tail + chunk).lower()
                if any(marker in window for marker in _DTD_MARKERS):
                    raise UnsafeArchive("dtd", "XML with a document type declaration")
                tail = window[-overlap:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, UnsafeArchive):
            raise
        raise UnsafeArchive("corrupt", "an entry of the archive cannot be read") from exc
