"""Timing several ways of doing the same work, fairly: warmed up, interleaved, gc outside."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds per call: median, fastest and slowest of `repeats` timed blocks."""

    median: float
    min: float
    max: float
    repeats: int

    def per(self, units: int) -> Timing:
        """The same timing per unit, when one call did `units` of them (e.g. frames)."""
        return Timing(self.median / units, self.min / units, self.max / units, self.repeats)

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timing:
        """Median, fastest and slowest of some seconds-per-call samples."""
        return cls(statistics.median(samples), min(samples), max(samples), len(samples))


def duration(seconds: float) -> str:
    """A time for people: `6.9 µs`, `19.52 ms` or `0.84 s`."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


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
    return {name: Timing.of(values) for name, values in samples.items()}


def self_timed(contenders: Mapping[str, Callable[[], float]], repeats: int,
               warmup: int = 1) -> dict[str, Timing]:
    """Time contenders that measure themselves (each call returns its own seconds, e.g. a
    child process's start to its first painted window), in `repeats` interleaved rounds
    after `warmup` untimed calls each (the first start of a process reads cold files)."""
    for run in contenders.values():
        for _ in range(warmup):
            run()
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, run in contenders.items():
            samples[name].append(float(run()))
    return {name: Timing.of(values) for name, values in samples.items()}
