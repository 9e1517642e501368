"""Running the benchmark: prepare each workload, time its contenders, judge the target."""

from __future__ import annotations

import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.bench import micrograd_scalar, torch_eager
from bpviz.runtime import blas_threads
from bpviz.bench.timing import Timing, duration, interleaved, self_timed
from bpviz.bench.workload import (
    ENGINE, MICROGRAD, REFERENCE, TORCH, Prepared, Workload,
)

FULL, QUICK = (41, 0.03), (15, 0.01)  # (timed rounds, seconds per timed block)


@dataclass(frozen=True)
class Settings:
    """How hard to measure: rounds per contender, seconds per timed block, and how many
    units a workload's soak runs (None: its own default, shorter when quick)."""

    repeats: int
    block_seconds: float
    quick: bool
    soak: int | None = None

    @classmethod
    def choose(cls, quick: bool, repeats: int | None = None,
               soak: int | None = None) -> Settings:
        rounds, block = QUICK if quick else FULL
        if repeats is not None:  # a tiny run, e.g. to test the output's form
            rounds, block = repeats, min(block, 0.0005)
        return cls(rounds, block, quick, soak)


def _timing_json(timing: Timing | None) -> dict[str, Any] | None:
    if timing is None:
        return None
    return {"median_us": timing.median * 1e6, "min_us": timing.min * 1e6,
            "max_us": timing.max * 1e6, "repeats": timing.repeats}


def verdict(workload: Workload, ours: Timing, reference: Timing | None) -> tuple[str, str]:
    """("met" or "missed", and by how much when missed; "not judged" when the target is
    a ratio to a contender that is not installed). `reference` is the timing the target
    is a ratio to."""
    target = workload.target
    if target.ratio is not None:
        if reference is None:
            return "not judged", f"{target.against} is not installed"
        ratio = ours.median / reference.median
        if ratio <= target.ratio:
            return "met", ""
        against = "" if target.against == REFERENCE else f" {target.against}"
        return "missed", (f"{ratio:.2f}× against {target.ratio:g}×{against}: "
                          f"{ratio / target.ratio - 1:.0%} over")
    if ours.median <= target.seconds:
        return "met", ""
    if workload.unit == "frame":  # a frame time target reads better as a frame rate
        rate, wanted = 1 / ours.median, 1 / target.seconds
        return "missed", f"{rate:.1f} frames/s against {wanted:.0f}: {1 - rate / wanted:.0%} short"
    over = ours.median / target.seconds - 1
    return "missed", (f"{duration(ours.median)} against {duration(target.seconds)}: "
                      f"{over:.0%} over")


def time_contenders(prepared: Prepared, settings: Settings) -> dict[str, Timing]:
    """Each contender's timing per unit of work, in as many rounds as the work allows."""
    repeats = settings.repeats
    if prepared.rounds is not None:
        repeats = min(repeats, prepared.rounds[1 if settings.quick else 0])
    if prepared.self_timed:
        timings = self_timed(prepared.contenders, repeats)
    else:
        timings = interleaved(prepared.contenders, repeats, settings.block_seconds)
    return {name: timing.per(prepared.units_per_call) for name, timing in timings.items()}


def measure(workload: Workload, settings: Settings) -> dict[str, Any]:
    """One workload's row of the report, as JSON-ready data."""
    row: dict[str, Any] = {"name": workload.name, "what": workload.what,
                           "target": workload.target.text, "unit": workload.unit}
    prepared = workload.prepare()
    try:
        timings = time_contenders(prepared, settings)
        if not prepared.has_reference:
            return {**row, **_absolute(workload, prepared, timings[ENGINE], settings)}
    finally:
        if prepared.finish is not None:
            prepared.finish()
    ours, reference, torch = timings[ENGINE], timings[REFERENCE], timings.get(TORCH)
    micrograd = timings.get(MICROGRAD)
    status, missed_by = verdict(workload, ours, timings.get(workload.target.against))
    equal = prepared.max_difference <= prepared.tolerance
    if not equal:
        status = "wrong"
    notes = list(prepared.notes)
    if status == "not judged":
        notes.append(f"not judged: {missed_by} (pip install micrograd to compare)")
    if micrograd is not None:  # said in words: the table has no column for it
        notes.append(f"micrograd {duration(micrograd.median)} a {workload.unit}: bpviz "
                     f"{ours.median / micrograd.median:.2f}× micrograd")
    return {
        **row, "status": status, "missed_by": missed_by,
        "why": prepared.bound if status == "missed" else "",
        "bpviz": _timing_json(ours), "fused": _timing_json(reference),
        "torch": _timing_json(torch), "micrograd": _timing_json(micrograd),
        "ratio_to_fused": ours.median / reference.median,
        "ratio_to_torch": ours.median / torch.median if torch else None,
        "ratio_to_micrograd": ours.median / micrograd.median if micrograd else None,
        "gradients": {"max_difference": prepared.max_difference,
                      "tolerance": prepared.tolerance, "equal": equal},
        "notes": notes,
    }


def _absolute(workload: Workload, prepared: Prepared, ours: Timing,
              settings: Settings) -> dict[str, Any]:
    """A row judged on its own time alone (no reference: nothing to compare or agree
    with), with whatever its extras measured; an extra that fails fails the row."""
    status, missed_by = verdict(workload, ours, None)
    misses, whys = [missed_by] if missed_by else [], [prepared.bound] if missed_by else []
    extras = {}
    for name, extra in (prepared.extras(settings) if prepared.extras else {}).items():
        extras[name] = {**extra.fields, "text": extra.text, "missed": extra.missed}
        if extra.missed:
            status = "missed"
            misses.append(f"{name}: {extra.missed}")
            whys.append(extra.why)
    return {
        "status": status, "missed_by": "; ".join(misses), "why": " ".join(whys),
        "bpviz": _timing_json(ours), "fused": None, "torch": None,
        "ratio_to_fused": None, "ratio_to_torch": None, "per_second": 1 / ours.median,
        "gradients": None, "notes": prepared.notes, "extras": extras,
    }


def run_bench(workloads: Sequence[Workload], settings: Settings) -> dict[str, Any]:
    """The whole report: the machine, the settings, and one row per workload."""
    start = time.perf_counter()
    rows = [measure(workload, settings) for workload in workloads]
    return {
        "numpy": np.__version__, "torch": torch_eager.version(),
        "micrograd": micrograd_scalar.version(),
        "python": platform.python_version(), "machine": platform.machine(),
        "blas_threads": blas_threads(), "quick": settings.quick, "repeats": settings.repeats,
        "seconds": time.perf_counter() - start, "workloads": rows,
    }
