"""Private files: what samen writes under its data folder is readable by its own user only.

``private_umask()`` is set once when the settings load (every entry point: ``samen``,
``manage.py``, gunicorn's WSGI module, the tests), so that whatever samen or a library writes
there (the SQLite database and its WAL, attachments, backups, mail files, generated demo
secrets) is created 0600 and its folders 0700. ``secure_tree`` tightens a data folder made
before, and the helpers below set the modes explicitly where samen writes itself.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
UMASK = 0o077


def private_umask() -> None:
    os.umask(UMASK)


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (made when missing)."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a new file that only its owner can read, whatever the umask."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def secure_tree(root: Path, *, skip: tuple[str, ...] = ()) -> None:
    """Remove group and other permissions from ``root`` and everything in it (not following
    links); folders named in ``skip`` (directly under ``root``) are left as they are."""
    if not root.exists():
        return
    _restrict(root)
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [d for d in dirs if d not in skip]
        for name in dirs + files:
            path = Path(folder) / name
            if not path.is_symlink():
                _restrict(path)


def _restrict(path: Path) -> None:
    mode = stat.S_IMODE(path.lstat().st_mode)
    if mode & 0o077:
        path.chmod(mode & ~0o077)


def is_private(path: Path) -> bool:
    return not stat.S_IMODE(path.lstat().st_mode) & 0o077


def secure_data_dir(root: Path) -> None:
    """The data folder itself and the files directly in it (the SQLite database, its WAL, the
    generated demo secrets) lose group and other permissions. Shallow, so it is cheap at every
    start; a folder samen may not change (owned by another user) is left as it is."""
    try:
        _restrict(root)
        for path in root.iterdir():
            if path.is_file() and not path.is_symlink():
                _restrict(path)
    except OSError:
        return
