"""Settings read from the environment, each declared exactly once with its help text.

Every variable samen reads lives in ``DECLARED``; ``docs/settings.md`` is generated from it
(``samen settings-doc``) and a test keeps the two in step.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Setting:
    name: str
    help: str
    default: str | None
    required_in_production: bool = False


DECLARED: dict[str, Setting] = {}


def declare(
    name: str, help: str, default: str | None = None, *, required_in_production: bool = False
) -> Setting:
    setting = Setting(name, help, default, required_in_production)
    if name in DECLARED:
        # The same declaration again is the settings module imported a second time after its
        # first import failed (Django retries): let the real error show, not this one.
        if DECLARED[name] == setting:
            return setting
        raise ImproperlyConfigured(f"setting {name} declared twice")
    DECLARED[name] = setting
    return setting


def raw(setting: Setting) -> str | None:
    value = os.environ.get(setting.name)
    if value is None or value == "":
        return setting.default
    return value


def as_str(setting: Setting) -> str:
    return raw(setting) or ""


def as_bool(setting: Setting) -> bool:
    value = (raw(setting) or "").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{setting.name} must be true or false, not {value!r}")


def as_int(setting: Setting) -> int:
    value = raw(setting) or "0"
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{setting.name} must be a whole number") from exc


def as_rate(setting: Setting) -> str | None:
    """A rate such as ``20/h`` or ``30/15m`` (django-ratelimit's form); ``off`` is ``None``."""
    value = (raw(setting) or "").strip().lower()
    if value in {"off", "0", "none", "false"}:
        return None
    if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", value):
        raise ImproperlyConfigured(
            f"{setting.name} must be a rate such as 20/h or 30/15m, or off, not {value!r}"
        )
    return value


def as_list(setting: Setting) -> list[str]:
    return [item.strip() for item in (raw(setting) or "").split(",") if item.strip()]


def require(setting: Setting, convert: Callable[[Setting], Any] = as_str) -> Any:
    """Production refuses to start without this setting."""
    value = convert(setting)
    if not value:
        raise ImproperlyConfigured(f"{setting.name} is required in production: {setting.help}")
    return value


def generated_secret(data_dir: Path, filename: str, make: Callable[[], str]) -> str:
    """A secret the demo (or a test run) generates once and keeps in its data folder."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / filename
    if not path.exists():
        # Written aside, then linked into place: of processes starting at the same moment,
        # exactly one secret wins and every process reads that one.
        draft = data_dir / f".{filename}.{os.getpid()}"
        draft.write_text(make())
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)
