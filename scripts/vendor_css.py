"""Refresh the vendored NL Design System CSS from npm at pinned versions (`make vendor-css`).

Needs Node's npm on the developer's machine only: samen serves the copied files as static files
and runs no Node. The packages are installed in a scratch folder outside the repository; only
the CSS file samen uses, the package's licence and its version are copied to
``src/samen/static/vendor/<package>/``. The design tokens keep only the token families the
vendored components read (``--basis-``, ``--utrecht-``, ``--nl-`` and the example palette).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "src" / "samen" / "static" / "vendor"

# package -> (version, the file samen uses). The component versions are those that
# @utrecht/component-library-css 9.0.4 (whose html.css styles plain HTML elements) is built from,
# so every component reads the same token names.
PACKAGES: dict[str, tuple[str, str]] = {
    "@nl-design-system-unstable/voorbeeld-design-tokens": ("7.4.1", "dist/theme.css"),
    "@utrecht/component-library-css": ("9.0.4", "dist/html.css"),
    "@utrecht/root-css": ("3.1.0", "dist/index.css"),
    "@utrecht/page-header-css": ("2.0.1", "dist/index.css"),
    "@utrecht/page-body-css": ("1.0.1", "dist/index.css"),
    "@utrecht/page-footer-css": ("3.0.1", "dist/index.css"),
    "@utrecht/skip-link-css": ("2.0.1", "dist/index.css"),
    "@utrecht/nav-bar-css": ("2.0.1", "dist/index.css"),
    "@utrecht/nav-list-css": ("1.3.2", "dist/index.css"),
    "@utrecht/link-list-css": ("3.0.1", "dist/index.css"),
    "@utrecht/alert-css": ("3.0.1", "dist/index.css"),
    "@utrecht/form-field-css": ("2.0.1", "dist/index.css"),
    "@utrecht/form-field-description-css": ("2.0.1", "dist/index.css"),
    "@utrecht/form-field-error-message-css": ("2.0.1", "dist/index.css"),
    "@utrecht/pagination-css": ("2.0.3", "dist/index.css"),
}
TOKEN_PACKAGE = "@nl-design-system-unstable/voorbeeld-design-tokens"  # noqa: S105
KEEP_TOKENS = re.compile(r"^\s*--(basis|voorbeeld|utrecht|nl)-[A-Za-z0-9-]+\s*:")


def folder(package: str) -> Path:
    return VENDOR / package.lstrip("@").replace("/", "-")


def keep_used_tokens(css: str) -> str:
    lines = []
    for line in css.splitlines():
        if line.lstrip().startswith("--") and not KEEP_TOKENS.match(line):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def main() -> int:
    npm = shutil.which("npm")
    if npm is None:
        print("npm is needed to refresh the vendored CSS", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="samen-vendor-") as tmp:
        scratch = Path(tmp)
        (scratch / "package.json").write_text('{"private": true}')
        specs = [f"{name}@{version}" for name, (version, _) in PACKAGES.items()]
        subprocess.run(  # noqa: S603
            [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", *specs],
            cwd=scratch,
            check=True,
        )
        shutil.rmtree(VENDOR, ignore_errors=True)
        for name, (version, path) in PACKAGES.items():
            source = scratch / "node_modules" / name
            meta = json.loads((source / "package.json").read_text())
            if meta["version"] != version or meta.get("license") != "EUPL-1.2":
                raise SystemExit(f"{name}: expected {version} under EUPL-1.2, got {meta}")
            target = folder(name)
            target.mkdir(parents=True)
            css = (source / path).read_text()
            if name == TOKEN_PACKAGE:
                css = keep_used_tokens(css)
            (target / Path(path).name).write_text(css)
            shutil.copy(source / "LICENSE.md", target / "LICENSE")
            (target / "VERSION").write_text(
                f"{name} {version} ({meta['license']}), file {path}, from npm\n"
            )
            print(f"vendored {name} {version}: {target.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
