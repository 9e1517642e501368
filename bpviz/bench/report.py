"""The benchmark's report as a text table, with a line on every missed target."""

from __future__ import annotations

from typing import Any

from bpviz.bench.timing import duration


def _time(timing: dict[str, Any] | None) -> str:
    return "-" if timing is None else duration(timing["median_us"] / 1e6)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}×"


def _spread(timing: dict[str, Any] | None) -> str:
    """Fastest–slowest in the unit the slowest reads best in: `77–95 µs`, `15.2–41.0 ms`."""
    if timing is None:
        return "-"
    low, high = timing["min_us"], timing["max_us"]
    if high >= 1e6:
        return f"{low / 1e6:.2f}–{high / 1e6:.2f} s"
    if high >= 1e3:
        return f"{low / 1e3:.1f}–{high / 1e3:.1f} ms"
    digits = 1 if high < 100 else 0
    return f"{low:.{digits}f}–{high:.{digits}f} µs"


def _row_lines(row: dict[str, Any]) -> list[str]:
    """What the cells cannot say: a row's notes (e.g. its NumPy calls per step) and, for a
    row without a reference, its frame rate, how many rounds it was timed in, what
    exactly was timed, and what its extras measured."""
    if row.get("per_second") is None:
        return [f"{row['name']}: {note}" for note in row.get("notes", ())]
    rate = (f"{row['per_second']:.1f} frames/s ({_time(row['bpviz'])} a frame), "
            if row["unit"] == "frame" else "")
    lines = [" ".join([f"{row['name']}: {rate}median of {row['bpviz']['repeats']} rounds.",
                       *row["notes"]])]
    for name, extra in row["extras"].items():
        lines.append(f"{row['name']} {name}: {extra['text']}")
    return lines


def report_lines(report: dict[str, Any]) -> list[str]:
    """The table and the explanations, line by line."""
    header = ("workload", "bpviz", "per", "min–max", "fused", "×fused", "×torch", "target",
              "grads", "verdict")
    rows = [header]
    for row in report["workloads"]:
        grads = row.get("gradients")
        agree = "-" if grads is None else ("equal" if grads["equal"] else "DIFFER")
        rows.append((row["name"], _time(row.get("bpviz")), row["unit"], _spread(row.get("bpviz")),
                     _time(row.get("fused")), _ratio(row.get("ratio_to_fused")),
                     _ratio(row.get("ratio_to_torch")), row["target"], agree, row["status"]))
    widths = [max(len(str(line[i])) for line in rows) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip()
             for line in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    for row in report["workloads"]:
        lines.extend(_row_lines(row))
        if row["status"] == "missed":
            lines.append(f"{row['name']} missed its target: {row['missed_by']}. Why: {row['why']}")
        elif row["status"] == "wrong":
            grads = row["gradients"]
            lines.append(f"{row['name']}: bpviz and the reference disagree by "
                         f"{grads['max_difference']:.3g} (tolerance {grads['tolerance']:g})")
    torch = report["torch"] or "not installed"
    lines.append(f"numpy {report['numpy']}, torch {torch}, BLAS threads "
                 f"{report['blas_threads'] if report['blas_threads'] is not None else 'unknown'}, "
                 f"{report['repeats']} interleaved rounds, {report['seconds']:.1f} s")
    return lines
