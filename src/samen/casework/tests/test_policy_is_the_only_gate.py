"""No view, API, form or read helper reaches a personal-data model's manager itself: they go
through ``samen.casework.policy``. The modules that do, each for a stated reason, are listed
below; any other module that does fails this test."""

from __future__ import annotations

import ast
from pathlib import Path

from samen.core import personal_data

SOURCE = Path(__file__).resolve().parents[2]

# Module (path under src/samen) -> why it may use the managers of personal-data models.
ALLOWED = {
    "casework/policy.py": "the gate itself",
    "casework/actions/": "writes: create rows and lock rows a policy getter returned",
    "programme/actions/": "writes: create rows and lock rows a policy getter returned",
    "casework/models/": "the models themselves",
    "casework/queries/": "reads what hangs from an object a policy getter returned",
    "casework/tasks.py": "the notification looks up an action by id and sends a link only",
    "casework/demo.py": "the demo loader sets its own scene",
    "casework/generate.py": "fictional data for benchmarks",
    "operations/bench/prepare.py": "completes the fictional benchmark data and picks its pages",
    "operations/bench/programme.py": "the fictional programme of the benchmark's municipality",
    "privacy/retention.py": "scheduled removal of data past its term, for no user",
    "privacy/erasure.py": "walks the person's aggregates through the registry",
    "privacy/subject_access.py": "walks the person's aggregates through the registry",
    "privacy/keys.py": "key rotation and the blind-index rebuild, for no user",
    "reports/statistics.py": "anonymous aggregate counts, suppressed",
    "reports/account.py": "the yearly account: anonymous aggregate counts, suppressed",
    "reports/kept.py": "on a write, the ids of the municipalities whose counts it changes",
    "privacy/register.py": "the scale of processing: two totals for the register",
    "core/personal_data.py": "the registry's generic walkers",
}


def _personal_models() -> set[str]:
    return {entry.model.__name__ for entry in personal_data.entries()}


def _offences(path: Path, names: set[str]) -> list[str]:
    """Every ``Model.objects`` (or another manager) of a personal-data model in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.name}:{node.lineno} {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager", "_base_manager"}
        and isinstance(node.value, ast.Name)
        and node.value.id in names
    ]


def _checked(path: Path) -> bool:
    relative = path.relative_to(SOURCE).as_posix()
    if "/tests/" in relative or "/migrations/" in relative or relative == "conftest.py":
        return False
    return not any(relative.startswith(prefix) for prefix in ALLOWED)


def test_policy_is_the_only_gate() -> None:
    names = _personal_models()
    assert {"Case", "Signal", "Person", "CaseNote"} <= names
    offences = [
        offence
        for path in sorted(SOURCE.rglob("*.py"))
        if _checked(path)
        for offence in _offences(path, names)
    ]
    assert offences == [], "reach personal data through samen.casework.policy"


def test_the_check_finds_a_view_that_filters_itself(tmp_path: Path) -> None:
    view = tmp_path / "views.py"
    view.write_text("def page(request):\n    return Case.objects.filter(pk=1)\n")
    assert _offences(view, _personal_models()) == ["views.py:2 Case.objects"]
