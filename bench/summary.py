"""The benchmark's goals and its closing table: each figure, its goal, met or not.

Goals come from the performance issues (README "Performance"); a figure that a run did not
measure (for example the import on a `--reuse` run) is shown as "not measured".
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from pathlib import Path

AT_MOST, AT_LEAST = operator.le, operator.ge


def _throughput(report: dict, prefix: str) -> float | None:
    for name, figures in report.get("throughput", {}).items():
        if name.startswith(prefix):
            return figures["ratio"]
    return None


def _slowest_plan(report: dict) -> float | None:
    timings = report.get("plan_ms", {})
    return max(timings.values()) if timings else None


# (figure, how to read it from a report, comparison, goal at 10k, goal at 500k, unit)
GOALS: list[tuple[str, Callable[[dict], float | None], Callable, float, float, str]] = [
    ("import ÷ bare COPY", lambda r: r.get("copy", {}).get("import_ratio"),
     AT_LEAST, 0.5, 0.5, "x"),
    ("import, peak RSS", lambda r: r.get("import", {}).get("peak_rss_mb"),
     AT_MOST, 300, 300, " MB"),
    ("re-import unchanged, studies/s",
     lambda r: r.get("reimport", {}).get("studies_per_second"), AT_LEAST, 3000, 3000, ""),
    ("search p95, all kinds",
     lambda r: r.get("search_latency_ms", {}).get("all searches", {}).get("p95"),
     AT_MOST, 25, 25, " ms"),
    ("content search p95",
     lambda r: r.get("content_search_ms", {}).get("content search", {}).get("p95"),
     AT_MOST, 10, 10, " ms"),
    ("content search p95, Spanish",
     lambda r: r.get("content_search_ms", {}).get("content search (es)", {}).get("p95"),
     AT_MOST, 10, 10, " ms"),
    ("uncached search / trivial view", lambda r: _throughput(r, "trial search (uncached"),
     AT_LEAST, 0.25, 0.1, "x"),
    ("cached article / trivial view", lambda r: _throughput(r, "article (MMN) (cached)"),
     AT_LEAST, 0.9, 0.9, "x"),
    ("slowest search plan", _slowest_plan, AT_MOST, 20, 20, " ms"),
    ("queries per public page (max)",
     lambda r: max(r.get("queries_per_page", {}).values(), default=None), AT_MOST, 6, 6, ""),
]


def figures(report: dict) -> list[tuple[str, str, str]]:
    """(figure, goal, value and whether it meets the goal) for one report."""
    large = report["scale"] >= 500_000
    table = []
    for name, read, compare, goal_small, goal_large, unit in GOALS:
        goal = goal_large if large else goal_small
        sign = "≤" if compare is AT_MOST else "≥"
        value = read(report)
        if value is None:
            shown = "not measured"
        else:
            shown = f"{value:g}{unit} " + ("met" if compare(value, goal) else "MISSED")
        table.append((name, f"{sign} {goal:g}{unit}", shown))
    return table


def latest_reports(results_dir: Path) -> dict[int, dict[str, dict]]:
    """The newest stored report of each scale and server, by scale then server label."""
    newest: dict[int, dict[str, dict]] = {}
    for path in sorted(results_dir.glob("*.json")):  # names start with the time: oldest first
        try:
            report = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(report, dict) and "scale" in report:
            label = report.get("label", "stock PostgreSQL")
            newest.setdefault(report["scale"], {})[label] = report
    return dict(sorted(newest.items()))


def render(reports: dict[int, dict[str, dict]]) -> str:
    """One table per scale; servers (stock, tuned) side by side."""
    lines = ["Summary (newest run of each scale and server):"]
    for scale, by_label in reports.items():
        labels = sorted(by_label)
        columns = [figures(by_label[label]) for label in labels]
        dates = ", ".join(f"{label} {by_label[label]['date'][:10]}" for label in labels)
        lines.append(f"  {scale:,} trials ({dates})")
        lines.append(f"    {'figure':<32} {'goal':>10}" +
                     "".join(f"  {label:>24}" for label in labels))
        for row, (name, goal, _) in enumerate(columns[0]):
            values = "".join(f"  {column[row][2]:>24}" for column in columns)
            lines.append(f"    {name:<32} {goal:>10}{values}")
    return "\n".join(lines)
