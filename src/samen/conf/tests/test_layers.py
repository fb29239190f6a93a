"""The layering between apps is a contract that `make check` (lint-imports) enforces: an
import from a lower app into a higher one, and so any cycle between apps, breaks it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources, to break without touching the real ones."""
    copy = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    shutil.copytree(
        ROOT / "src" / "samen",
        copy / "src" / "samen",
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "templates", "*.txt"),
    )
    return copy


def test_the_sources_keep_the_contracts(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # casework <-> privacy: privacy builds on casework, never the other way round.
        ("casework/lifecycle.py", "from samen.privacy import retention", "Apps are layered"),
        # accounts <-> audit: audit knows no accounts.
        ("audit/chain.py", "from samen.accounts import models", "Apps are layered"),
        ("core/fields.py", "from samen.casework import models", "Shared foundations"),
    ],
)
def test_an_upward_import_breaks_the_contracts(
    tree: Path, module: str, line: str, broken: str
) -> None:
    path = tree / "src" / "samen" / module
    original = path.read_text()
    path.write_text(original + f"\n{line}  # noqa\n")
    try:
        result = _lint(tree)
    finally:
        path.write_text(original)
    assert result.returncode != 0
    verdicts = [line for line in result.stdout.splitlines() if line.startswith(broken)]
    assert any(" BROKEN" in line for line in verdicts), result.stdout
