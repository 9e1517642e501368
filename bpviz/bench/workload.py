"""What a workload is: contenders to time, a target, and a check that they agree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

ENGINE, REFERENCE, TORCH = "bpviz", "fused", "torch"


@dataclass(frozen=True)
class Target:
    """Either a ratio to the fused reference (`ratio`) or an absolute time (`seconds`)."""

    ratio: float | None = None
    seconds: float | None = None
    text: str = ""


@dataclass
class Prepared:
    """A workload ready to time: contenders by name (ENGINE, REFERENCE, maybe TORCH), the
    largest difference between bpviz's and the reference's gradients (or outputs) and
    the tolerance it must stay within, and what bounds bpviz if it misses the target."""

    contenders: Mapping[str, Callable[[], object]]
    max_difference: float
    tolerance: float
    bound: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Workload:
    """A named piece of work; `prepare(quick)` builds it (quick: smaller where that is fair)."""

    name: str
    what: str
    target: Target
    prepare: Callable[[], Prepared] | None  # None: not measured yet (e.g. needs the app)
    unit: str = "step"
