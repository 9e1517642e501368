"""The benchmark's report as a text table, with a line on every missed target."""

from __future__ import annotations

from typing import Any


def _time(timing: dict[str, Any] | None) -> str:
    if timing is None:
        return "-"
    median = timing["median_us"]
    return f"{median / 1000:.2f} ms" if median >= 1000 else f"{median:.1f} µs"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}×"


def _spread(timing: dict[str, Any] | None) -> str:
    if timing is None:
        return "-"
    return f"{timing['min_us']:.0f}–{timing['max_us']:.0f}"


def report_lines(report: dict[str, Any]) -> list[str]:
    """The table and the explanations, line by line."""
    header = ("workload", "bpviz", "min–max µs", "fused", "×fused", "×torch", "target",
              "grads", "verdict")
    rows = [header]
    for row in report["workloads"]:
        grads = row.get("gradients")
        agree = "-" if grads is None else ("equal" if grads["equal"] else "DIFFER")
        rows.append((row["name"], _time(row.get("bpviz")), _spread(row.get("bpviz")),
                     _time(row.get("fused")), _ratio(row.get("ratio_to_fused")),
                     _ratio(row.get("ratio_to_torch")), row["target"], agree, row["status"]))
    widths = [max(len(str(line[i])) for line in rows) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip()
             for line in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    for row in report["workloads"]:
        if row["status"] == "missed":
            lines.append(f"{row['name']} missed its target: {row['missed_by']}. Why: {row['why']}")
        elif row["status"] == "wrong":
            grads = row["gradients"]
            lines.append(f"{row['name']}: bpviz and the reference disagree by "
                         f"{grads['max_difference']:.3g} (tolerance {grads['tolerance']:g})")
        elif row["status"] == "not measured":
            lines.append(f"{row['name']}: not measured yet ({row['why']})")
    torch = report["torch"] or "not installed"
    lines.append(f"numpy {report['numpy']}, torch {torch}, BLAS threads "
                 f"{report['blas_threads'] if report['blas_threads'] is not None else 'unknown'}, "
                 f"{report['repeats']} interleaved rounds, {report['seconds']:.1f} s")
    return lines
