"""check-messages sees strings behind any alias of Django's gettext functions."""

from __future__ import annotations

from pathlib import Path

from samen.ui import i18n

MODULE = """
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import pgettext_lazy as in_context
from django.utils.translation import gettext as _

LABELS = {"a": _l("Label behind an alias"), "b": in_context("month", "May")}
PLAIN = _("Seen by xgettext anyway")
"""


def test_aliases_and_their_strings_are_found(tmp_path: Path) -> None:
    (tmp_path / "labels.py").write_text(MODULE)
    assert i18n.gettext_aliases(tmp_path) == {"_l": "gettext_lazy", "in_context": "pgettext_lazy"}
    assert i18n.keyword_options(tmp_path) == ["--keyword=_l", "--keyword=in_context:1c,2"]
    assert i18n.aliased_strings(tmp_path) == {"Label behind an alias", "May"}


def test_samen_code_has_no_aliased_string_missing_from_a_catalog() -> None:
    # The subject-access export labels its sections through ``_l``: they are in every catalog.
    assert "Who accessed these records" in i18n.aliased_strings()
    assert i18n._aliased_missing() == []


def test_a_missing_aliased_string_is_reported(tmp_path: Path) -> None:
    (tmp_path / "labels.py").write_text(MODULE)
    problems = i18n._aliased_missing(tmp_path)
    for language in ("nl", "en", "fr"):
        assert (
            f"{language}: string behind a gettext alias not in catalog (run make messages): "
            "'Label behind an alias'"
        ) in problems
