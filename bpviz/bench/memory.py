"""The process's memory while the same work repeats: does it stay flat?"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bpviz.bench.workload import Extra

STATUS = Path("/proc/self/status")
SAMPLES = 20  # RSS readings along a soak, besides the one before it


def rss_mb() -> float:
    """This process's resident memory now, in MB (VmRSS, Linux); where /proc is missing,
    the peak so far (ru_maxrss), which can only show growth, never a fall."""
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    import resource  # Unix only; imported here so that importing this module never fails

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes there, kB here


@dataclass(frozen=True)
class Soak:
    """`units` of the same work (frames, say) back to back, with RSS read before and along."""

    units: int
    seconds: float
    samples_mb: tuple[float, ...]
    first_unit_s: float = 0.0  # seconds per unit over the first stretch between readings
    last_unit_s: float = 0.0   # and over the last: does the work slow down as it goes on?

    @property
    def start_mb(self) -> float:
        return self.samples_mb[0]

    @property
    def end_mb(self) -> float:
        return self.samples_mb[-1]

    @property
    def peak_mb(self) -> float:
        return max(self.samples_mb)

    @property
    def growth_mb(self) -> float:
        return self.end_mb - self.start_mb

    @property
    def late_growth_mb(self) -> float:
        """Growth over the second half alone: a leak keeps growing there, caches filling
        up at the start do not."""
        return self.end_mb - self.samples_mb[len(self.samples_mb) // 2]


def soak(run: Callable[[], object], calls: int, units_per_call: int = 1,
         samples: int = SAMPLES) -> Soak:
    """Call `run` `calls` times back to back (each doing `units_per_call` units), reading
    RSS before and `samples` times evenly along (a reading costs a few microseconds)."""
    every = max(1, calls // samples)
    readings = [rss_mb()]
    clock = time.perf_counter
    start = clock()
    stretches: list[float] = []  # seconds per unit between readings
    read_at, read_after = start, 0
    for done in range(1, calls + 1):
        run()
        if done % every == 0 or done == calls:
            now = clock()
            stretches.append((now - read_at) / ((done - read_after) * units_per_call))
            read_at, read_after = now, done
            readings.append(rss_mb())
    return Soak(calls * units_per_call, clock() - start, tuple(readings), stretches[0],
                stretches[-1])


def memory_extra(result: Soak, what: str, flat_mb: float) -> Extra:
    """The soak as a report's extra: start, end, peak and growth in MB; missed when it
    grew by more than `flat_mb`. `what` says what the units were, e.g. how long they
    would last in the app."""
    fields = {"units": result.units, "seconds": result.seconds, "start_mb": result.start_mb,
              "end_mb": result.end_mb, "peak_mb": result.peak_mb,
              "growth_mb": result.growth_mb, "late_growth_mb": result.late_growth_mb,
              "flat_limit_mb": flat_mb, "flat": result.growth_mb <= flat_mb,
              "kb_per_unit": result.growth_mb * 1024 / result.units,
              "first_unit_ms": result.first_unit_s * 1e3,
              "last_unit_ms": result.last_unit_s * 1e3, "what": what}
    text = (f"{what}, run back to back in {result.seconds:.0f} s: RSS {result.start_mb:.1f} → "
            f"{result.end_mb:.1f} MB ({result.growth_mb:+.1f} MB; second half "
            f"{result.late_growth_mb:+.1f} MB, {fields['kb_per_unit']:+.2f} kB a unit; peak "
            f"{result.peak_mb:.1f} MB): "
            + ("flat" if fields["flat"] else "GROWING"))
    if fields["flat"]:
        return Extra(fields, text)
    return Extra(fields, text, missed=f"memory grew {result.growth_mb:.1f} MB, "
                                      f"more than {flat_mb:g} MB",
                 why=f"{result.late_growth_mb:+.1f} MB in the second half alone: something "
                     "the work keeps is not freed")
