"""Timing several ways of doing the same work, fairly: warmed up, interleaved, gc outside."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds per call: median, fastest and slowest of `repeats` timed blocks."""

    median: float
    min: float
    max: float
    repeats: int


def calls_per_block(run: Callable[[], object], block_seconds: float) -> int:
    """How many calls make one timed block of about `block_seconds` (at least one)."""
    start = time.perf_counter()
    run()
    once = max(time.perf_counter() - start, 1e-7)
    return max(1, int(block_seconds / once))


def interleaved(contenders: Mapping[str, Callable[[], object]], repeats: int,
                block_seconds: float = 0.002, warmup: int = 3) -> dict[str, Timing]:
    """Time each contender in `repeats` rounds, one block each per round, in turn, so a
    slow spell of the machine hits them all alike. Garbage is collected between blocks,
    never inside one."""
    for run in contenders.values():
        for _ in range(warmup):
            run()
    sizes = {name: calls_per_block(run, block_seconds) for name, run in contenders.items()}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    clock = time.perf_counter
    was_enabled = gc.isenabled()
    try:
        for _ in range(repeats):
            for name, run in contenders.items():
                gc.collect()
                gc.disable()
                calls = range(sizes[name])
                start = clock()
                for _ in calls:
                    run()
                samples[name].append((clock() - start) / sizes[name])
                gc.enable()
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()
    return {name: Timing(statistics.median(values), min(values), max(values), len(values))
            for name, values in samples.items()}
