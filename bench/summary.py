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
    ("import, studies/s", lambda r: r.get("import", {}).get("studies_per_second"),
     AT_LEAST, 3000, 3000, ""),
    ("import, peak RSS", lambda r: r.get("import", {}).get("peak_rss_mb"),
     AT_MOST, 300, 300, " MB"),
    ("re-import unchanged, studies/s",
     lambda r: r.get("reimport", {}).get("studies_per_second"), AT_LEAST, 3000, 3000, ""),
    ("search p95, all kinds",
     lambda r: r.get("search_latency_ms", {}).get("all searches", {}).get("p95"),
     AT_MOST, 50, 50, " ms"),
    ("uncached search / trivial view", lambda r: _throughput(r, "trial search (uncached"),
     AT_LEAST, 0.25, 0.1, "x"),
    ("cached article / trivial view", lambda r: _throughput(r, "article (MMN) (cached)"),
     AT_LEAST, 0.9, 0.9, "x"),
    ("slowest search plan", _slowest_plan, AT_MOST, 20, 20, " ms"),
    ("queries per public page (max)",
     lambda r: max(r.get("queries_per_page", {}).values(), default=None), AT_MOST, 6, 6, ""),
]


def rows(report: dict) -> list[tuple[str, str, str, str]]:
    large = report["scale"] >= 500_000
    table = []
    for name, read, compare, goal_small, goal_large, unit in GOALS:
        goal = goal_large if large else goal_small
        sign = "≤" if compare is AT_MOST else "≥"
        value = read(report)
        if value is None:
            table.append((name, "not measured", f"{sign} {goal:g}{unit}", "-"))
        else:
            met = "met" if compare(value, goal) else "MISSED"
            table.append((name, f"{value:g}{unit}", f"{sign} {goal:g}{unit}", met))
    return table


def latest_reports(results_dir: Path, current: dict) -> list[dict]:
    """The current report plus the newest stored report of each other scale."""
    newest: dict[int, dict] = {}
    for path in sorted(results_dir.glob("*.json")):
        try:
            report = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(report, dict) and "scale" in report:
            newest[report["scale"]] = report
    newest[current["scale"]] = current
    return [newest[scale] for scale in sorted(newest)]


def render(reports: list[dict]) -> str:
    lines = []
    for report in reports:
        label = report.get("label", "")
        lines.append(f"Summary at {report['scale']:,} trials{label} ({report['date']}):")
        lines.append(f"  {'figure':<34} {'value':>14}  {'goal':>10}  result")
        for name, value, goal, met in rows(report):
            lines.append(f"  {name:<34} {value:>14}  {goal:>10}  {met}")
    return "\n".join(lines)
