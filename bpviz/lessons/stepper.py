"""Walking through a lesson one step at a time: forward, backward, update, and again.

Headless state for the app's transport: which cycle (one per update) and which step of
its trace is shown. Stepping never recomputes; only an update records a new pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine import Picture, Trace, picture_at
from bpviz.lessons.describe import description
from bpviz.lessons.lesson import Lesson


@dataclass(frozen=True)
class UpdateSummary:
    """What an update did: the output before and after, and the learning rate."""

    cycle: int
    before: float
    after: float
    lr: float

    @property
    def rose(self) -> bool:
        """Whether the update made the output larger: the step overshot (lr too large)."""
        return self.after > self.before

    def text(self, output: str) -> str:
        """`update 2 (lr 0.01): J 0.7006 → 0.5762`, and what to try when the output rose."""
        before, after = (f"{value:.4f}".replace("-", "−") for value in (self.before, self.after))
        said = f"update {self.cycle} (lr {self.lr:g}): {output} {before} → {after}"
        if self.rose:
            said += f" · {output} rose: the step overshot; try a smaller learning rate"
        return said


class Stepper:
    """The position in a lesson: cycle (0, 1, … one per update) and step index in its trace."""

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.traces: list[Trace] = [lesson.record()]
        self.updates: list[UpdateSummary] = []
        self.cycle = 0
        self.index = 0

    @property
    def trace(self) -> Trace:
        return self.traces[self.cycle]

    @property
    def last_index(self) -> int:
        """The index after the last backward step: the whole pass is shown."""
        return len(self.trace.steps)

    @property
    def picture(self) -> Picture:
        """Every value and gradient known at the current position."""
        return picture_at(self.trace, self.index)

    @property
    def at_end(self) -> bool:
        return self.index == self.last_index

    @property
    def outputs(self) -> list[float]:
        """The output (J, or f) of every recorded pass: before the first update, then after
        each."""
        return [float(trace.output_value) for trace in self.traces]

    def all_gradients_zero(self) -> bool:
        """Whether this pass gives every variable a gradient of exactly 0: an update would
        change nothing (a satisfied hinge, say)."""
        grads = picture_at(self.trace, self.last_index).grads
        return all(not np.any(grads[info.id]) for info in self.trace.variables()
                   if info.id in grads)

    def seek(self, index: int) -> None:
        """Jump to step `index` of the current cycle (clamped to 0..last_index)."""
        self.index = max(0, min(index, self.last_index))

    def step(self) -> None:
        """One step forward; at the end of a cycle, into the next one if it was recorded."""
        if not self.at_end:
            self.index += 1
        elif self.cycle + 1 < len(self.traces):
            self.cycle, self.index = self.cycle + 1, 0

    def back(self) -> None:
        """One step back; from the start of a cycle, to the end of the one before."""
        if self.index > 0:
            self.index -= 1
        elif self.cycle > 0:
            self.cycle -= 1
            self.index = self.last_index

    def reset(self) -> None:
        """Back to the start of the current pass."""
        self.index = 0

    def update(self, lr: float) -> UpdateSummary:
        """Apply one gradient-descent step and start a new cycle at its first step.

        Cycles after the current one are dropped, as an editor drops the redo history.
        """
        trace = self.lesson.update(lr)
        before = float(self.trace.output_value)
        del self.traces[self.cycle + 1:]
        self.updates = [u for u in self.updates if u.cycle <= self.cycle]
        self.traces.append(trace)
        self.cycle, self.index = self.cycle + 1, 0
        summary = UpdateSummary(self.cycle, before, float(trace.output_value), lr)
        self.updates.append(summary)
        return summary

    def position_text(self) -> str:
        """`forward 3/9 · z = Wx + b`, `backward 2/9 · h`, or where the pass starts."""
        forward = self.trace.forward_count
        backward = len(self.trace.steps) - forward
        prefix = f"pass {self.cycle + 1} · " if self.cycle else ""
        if self.index == 0:
            return prefix + "start · inputs and parameters known"
        step = self.trace.steps[self.index - 1]
        what = description(self.trace, step.node)
        if step.phase == "forward":
            return prefix + f"forward {self.index}/{forward} · {what}"
        return prefix + f"backward {self.index - forward}/{backward} · through {what}"
