"""What a workload is: contenders to time, a target, and a check that they agree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ENGINE, REFERENCE, TORCH, MICROGRAD = "bpviz", "fused", "torch", "micrograd"


@dataclass(frozen=True)
class Target:
    """Either a ratio to the fused reference (`ratio`; to another contender if `against`
    names it, e.g. MICROGRAD) or an absolute time (`seconds`)."""

    ratio: float | None = None
    seconds: float | None = None
    text: str = ""
    against: str = REFERENCE


@dataclass(frozen=True)
class Extra:
    """A measurement beyond the timing, made once after it (e.g. memory over a long run):
    JSON-ready fields, a sentence for the text report, and, if it failed its own
    requirement, by how much (`missed`) and why (`why`)."""

    fields: Mapping[str, Any]
    text: str
    missed: str = ""
    why: str = ""


@dataclass
class Prepared:
    """A workload ready to time: contenders by name (ENGINE, REFERENCE, maybe TORCH or
    MICROGRAD), the largest difference between bpviz's and the reference's gradients (or
    outputs) and the tolerance it must stay within, and what bounds bpviz if it misses
    the target.

    A workload with an absolute target may have no reference: ENGINE alone, and
    `max_difference` and `tolerance` left None (nothing to agree with). Slow work can
    ask for fewer rounds, do several units per call, or time itself (in a child
    process, say); `extras` measures more once the timing is done."""

    contenders: Mapping[str, Callable[[], object]]
    max_difference: float | None = None
    tolerance: float | None = None
    bound: str = ""
    notes: list[str] = field(default_factory=list)
    units_per_call: int = 1                  # e.g. 6 frames per call: timings are per frame
    rounds: tuple[int, int] | None = None    # at most this many timed rounds (full, quick)
    self_timed: bool = False                 # each contender returns the seconds it measured
    extras: Callable[[Any], Mapping[str, Extra]] | None = None  # given the run's Settings
    finish: Callable[[], None] | None = None  # once the row is measured: close windows, say

    @property
    def has_reference(self) -> bool:
        """Whether there is a fused reference to compare times and gradients with."""
        return REFERENCE in self.contenders


@dataclass(frozen=True)
class Workload:
    """A named piece of work; `prepare()` builds it, ready to time."""

    name: str
    what: str
    target: Target
    prepare: Callable[[], Prepared]
    unit: str = "step"
