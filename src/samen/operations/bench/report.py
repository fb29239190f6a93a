"""The benchmark's table, its JSON file and the comparison of two runs.

Growth between two sizes is the growth of a page's ratio to the floor (its median divided by
the median of the floor requests made right before it), so that what other processes on the
machine do to both cancels out; the floor's own row shows the growth of its median.
"""

from __future__ import annotations

import json
import statistics
from itertools import pairwise
from pathlib import Path
from typing import Any

TARGET_RATIO = 3.0
TARGET_GROWTH = 1.2


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None or value != value:  # None or NaN
        return "-"
    return f"{value:.{digits}f}"


def growth_pairs(sizes: list[str]) -> list[tuple[str, str]]:
    pairs = list(pairwise(sizes))
    if len(sizes) > 2:
        pairs.append((sizes[0], sizes[-1]))
    return pairs


def growth(results: dict[str, Any], label: str, a: str, b: str) -> float | None:
    first, second = _row(results, a, label), _row(results, b, label)
    if first is None or second is None:
        return None
    if label == results["sizes"][a]["floor"]["label"]:
        return second["median_ms"] / first["median_ms"] if first["median_ms"] else None
    if not first.get("ratio") or not second.get("ratio"):
        return None
    return float(second["ratio"]) / float(first["ratio"])


def _row(results: dict[str, Any], size: str, label: str) -> dict[str, Any] | None:
    data = results["sizes"].get(size)
    if data is None:
        return None
    if data["floor"]["label"] == label:
        return dict(data["floor"])
    return next((p for p in data["pages"] if p["label"] == label), None)


def labels(results: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for data in results["sizes"].values():
        seen.setdefault(data["floor"]["label"], None)
        for page in data["pages"]:
            seen.setdefault(page["label"], None)
    return list(seen)


def table(results: dict[str, Any]) -> str:
    sizes = list(results["sizes"])
    pairs = growth_pairs(sizes)
    width = max(len(label) for label in labels(results)) + 2
    head = (
        "page".ljust(width)
        + "".join(f"| {size:<27}" for size in sizes)
        + "".join(f"| {a}→{b:<9}" for a, b in pairs)
    )
    sub = (
        " " * width
        + "".join(f"| {'median':>7} {'p95':>7} {'xfloor':>6} {'q':>4} " for _ in sizes)
        + "".join(f"| {'growth':>12} " for _ in pairs)
    )
    lines = [
        f"samen benchmark on {results['database']}, {results['started']} "
        f"(commit {results.get('commit', '?')[:10]}), times in ms",
        head,
        sub,
        "-" * len(sub),
    ]
    for label in labels(results):
        line = label.ljust(width)
        for size in sizes:
            row = _row(results, size, label)
            if row is None:
                line += f"| {'':27}"
                continue
            mark = "" if row.get("ok", True) else "!"
            line += (
                f"| {_fmt(row['median_ms']):>7} {_fmt(row['p95_ms']):>7} "
                f"{_fmt(row.get('ratio'), 1) + mark:>6} {row['queries']:>4} "
            )
        for a, b in pairs:
            line += f"| {_fmt(growth(results, label, a, b), 2):>12} "
        lines.append(line)
    lines.append("")
    for size, data in results["sizes"].items():
        lines += _summary(size, data)
    lines += _verdict(results)
    return "\n".join(lines)


def _summary(size: str, data: dict[str, Any]) -> list[str]:
    startup, intake, verify = data["startup"], data["intake"], data["verify"]
    warm = startup.get("fresh_worker_then_ms") or 0
    fresh = startup["fresh_worker_first_ms"]
    fresh_text = ", ".join(f"{ms:.0f}" for ms in fresh) or "-"
    ratio = (
        f" (median {statistics.median(fresh) / warm:.1f}x its next ones, {warm:.0f} ms)"
        if fresh and warm
        else ""
    )
    return [
        f"[{size}] {', '.join(f'{n} {what}' for what, n in data['dataset'].items())}; "
        f"measured as {data['municipality']}",
        f"[{size}] start {startup['first_start_s']:.2f} s; restart after SIGKILL "
        f"{', '.join(f'{s:.2f}' for s in startup['restarts_s'])} s; a fresh worker's first "
        f"request {fresh_text} ms{ratio}",
        f"[{size}] intake: {intake['clients']} API clients, {intake['per_second']} signals/s, "
        f"p50 {intake['p50_ms']} ms, p95 {intake['p95_ms']} ms; {intake['acknowledged']} "
        f"acknowledged, {intake.get('lost', '?')} lost; errors {intake['errors'] or 'none'}",
        *_ceiling(size, intake),
        f"[{size}] audit-verify --full {verify['full_s']:.1f} s ({verify['full_entries']} "
        f"entries); incremental {verify['incremental_s']:.1f} s "
        f"({verify['incremental_entries']} entries)",
        "",
    ]


def _ceiling(size: str, intake: dict[str, Any]) -> list[str]:
    """The floor page under the same clients: what the server answers at most on this machine."""
    floor = intake.get("floor")
    if not floor:
        return []
    return [
        f"[{size}] the floor page under the same {intake['clients']} clients: "
        f"{floor['per_second']} requests/s, p95 {floor['p95_ms']} ms "
        "(the ceiling of any rate on this machine)"
    ]


def _verdict(results: dict[str, Any]) -> list[str]:
    sizes = list(results["sizes"])
    largest = sizes[-1]
    pages = results["sizes"][largest]["pages"]
    slow = [p for p in pages if (p.get("ratio") or 0) > TARGET_RATIO]
    failed = [
        f"{p['label']} ({size}: {p['status']}, expected {p['expect']})"
        for size, data in results["sizes"].items()
        for p in data["pages"]
        if not p["ok"]
    ]
    lines = [
        f"{len(slow)} of {len(pages)} variants above {TARGET_RATIO:.0f}x the floor at {largest}"
    ]
    if len(sizes) > 1:
        first = sizes[0]
        grown = [
            label
            for label in labels(results)
            if (growth(results, label, first, largest) or 0) > TARGET_GROWTH
        ]
        lines.append(
            f"{len(grown)} variants grew more than {TARGET_GROWTH}x from {first} to {largest}"
        )
    if failed:
        lines.append("unexpected answers (marked !): " + "; ".join(failed))
    return lines


def markdown(results: dict[str, Any]) -> str:
    """The table as Markdown (for the docs): per size the median, the p95, the ratio to the
    floor and the queries; the growth from the first size to the last."""
    sizes = list(results["sizes"])
    first, last = sizes[0], sizes[-1]
    head = ["page"]
    for size in sizes:
        head += [f"{size} median", f"{size} p95", f"{size} x floor", f"{size} q"]
    if len(sizes) > 1:
        head.append(f"growth {first}→{last}")
    lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
    for label in labels(results):
        cells = [label]
        for size in sizes:
            row = _row(results, size, label)
            if row is None:
                cells += ["", "", "", ""]
                continue
            cells += [
                _fmt(row["median_ms"]),
                _fmt(row["p95_ms"]),
                _fmt(row.get("ratio")) + ("" if row.get("ok", True) else " (!)"),
                str(row["queries"]),
            ]
        if len(sizes) > 1:
            cells.append(_fmt(growth(results, label, first, last), 2))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


def compare(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Per size and variant: the median and the ratio to the floor of two runs."""
    lines = [
        f"A: {a['database']} {a['started']} (commit {a.get('commit', '?')[:10]})",
        f"B: {b['database']} {b['started']} (commit {b.get('commit', '?')[:10]})",
    ]
    for size in a["sizes"]:
        if size not in b["sizes"]:
            continue
        all_labels = [label for label in labels(a) if _row(b, size, label) is not None]
        width = max((len(label) for label in all_labels), default=4) + 2
        lines += [
            "",
            f"[{size}]",
            "page".ljust(width)
            + f"{'A median':>10} {'B median':>10} {'B/A':>6} {'A x floor':>9} {'B x floor':>9}",
        ]
        for label in all_labels:
            first, second = _row(a, size, label), _row(b, size, label)
            if first is None or second is None:
                continue
            change = second["median_ms"] / first["median_ms"] if first["median_ms"] else None
            lines.append(
                label.ljust(width)
                + f"{_fmt(first['median_ms']):>10} {_fmt(second['median_ms']):>10} "
                f"{_fmt(change, 2):>6} {_fmt(first.get('ratio')):>9} "
                f"{_fmt(second.get('ratio')):>9}"
            )
        for key in ("intake", "verify"):
            lines.append(f"{key}: A {a['sizes'][size][key]} | B {b['sizes'][size][key]}")
    return "\n".join(lines)
