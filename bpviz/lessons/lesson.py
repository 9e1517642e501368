"""What every lesson offers the app: a recorded pass, a gradient check, an update step."""

from __future__ import annotations

from typing import Protocol

from bpviz.engine import GradcheckReport, Trace


class Lesson(Protocol):
    """A model or formula the stage steps through; each update starts a new cycle."""

    title: str
    output: str  # the output's name in ∂output/∂…: "J" for a loss, "f" for a formula

    def record(self) -> Trace:
        """The forward and backward pass at the current parameters."""

    def update(self, lr: float) -> Trace:
        """One gradient-descent step θ ← θ − lr ∂J/∂θ, then the new pass; on NaN or ±inf the
        parameters stay as they were and a BpvizError says where."""

    def gradcheck(self) -> GradcheckReport:
        """Backprop's gradients against central differences at the current parameters."""
