"""Running the benchmark: prepare each workload, time its contenders, judge the target."""

from __future__ import annotations

import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.bench import torch_eager
from bpviz.bench.blas import blas_threads
from bpviz.bench.timing import Timing, interleaved
from bpviz.bench.workload import ENGINE, REFERENCE, TORCH, Workload

FULL, QUICK = (41, 0.03), (15, 0.01)  # (timed rounds, seconds per timed block)


@dataclass(frozen=True)
class Settings:
    """How hard to measure: rounds per contender and seconds per timed block."""

    repeats: int
    block_seconds: float
    quick: bool

    @classmethod
    def choose(cls, quick: bool, repeats: int | None = None) -> Settings:
        rounds, block = QUICK if quick else FULL
        if repeats is not None:  # a tiny run, e.g. to test the output's form
            rounds, block = repeats, min(block, 0.0005)
        return cls(rounds, block, quick)


def _timing_json(timing: Timing | None) -> dict[str, Any] | None:
    if timing is None:
        return None
    return {"median_us": timing.median * 1e6, "min_us": timing.min * 1e6,
            "max_us": timing.max * 1e6, "repeats": timing.repeats}


def verdict(workload: Workload, ours: Timing, reference: Timing) -> tuple[str, str]:
    """("met" or "missed", and by how much when missed)."""
    target = workload.target
    if target.ratio is not None:
        ratio = ours.median / reference.median
        if ratio <= target.ratio:
            return "met", ""
        return "missed", f"{ratio:.2f}× against {target.ratio:g}×: {ratio / target.ratio - 1:.0%} over"
    if ours.median <= target.seconds:
        return "met", ""
    over = ours.median / target.seconds - 1
    return "missed", f"{ours.median * 1e6:.1f} µs against {target.seconds * 1e6:g} µs: {over:.0%} over"


def measure(workload: Workload, settings: Settings) -> dict[str, Any]:
    """One workload's row of the report, as JSON-ready data."""
    row: dict[str, Any] = {"name": workload.name, "what": workload.what,
                           "target": workload.target.text, "unit": workload.unit}
    if workload.prepare is None:
        return {**row, "status": "not measured", "why": "needs the Qt app's benchmark module"}
    prepared = workload.prepare()
    timings = interleaved(prepared.contenders, settings.repeats, settings.block_seconds)
    ours, reference, torch = timings[ENGINE], timings[REFERENCE], timings.get(TORCH)
    status, missed_by = verdict(workload, ours, reference)
    equal = prepared.max_difference <= prepared.tolerance
    if not equal:
        status = "wrong"
    return {
        **row, "status": status, "missed_by": missed_by,
        "why": prepared.bound if status == "missed" else "",
        "bpviz": _timing_json(ours), "fused": _timing_json(reference),
        "torch": _timing_json(torch),
        "ratio_to_fused": ours.median / reference.median,
        "ratio_to_torch": ours.median / torch.median if torch else None,
        "gradients": {"max_difference": prepared.max_difference,
                      "tolerance": prepared.tolerance, "equal": equal},
        "notes": prepared.notes,
    }


def run_bench(workloads: Sequence[Workload], settings: Settings) -> dict[str, Any]:
    """The whole report: the machine, the settings, and one row per workload."""
    start = time.perf_counter()
    rows = [measure(workload, settings) for workload in workloads]
    return {
        "numpy": np.__version__, "torch": torch_eager.version(),
        "python": platform.python_version(), "machine": platform.machine(),
        "blas_threads": blas_threads(), "quick": settings.quick, "repeats": settings.repeats,
        "seconds": time.perf_counter() - start, "workloads": rows,
    }
