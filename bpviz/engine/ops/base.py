"""The interface every operation implements: forward, one vector–Jacobian product per input."""

from __future__ import annotations

import numpy as np


class Op:
    """An operation on arrays.

    `forward(*inputs)` computes the output; `vjp(index, upstream, inputs, output)` returns
    the downstream gradient for input `index` in the output's (broadcast) shape; the graph
    reduces it to the input's shape. `formulas[index]` is the local gradient, for display.
    Ops with kinks (ReLU, max, |·|, hinge) return from `branches` which piece of the
    function each element is on, so the gradient check can see a kink being crossed.
    """

    name: str = "op"
    formulas: tuple[str, ...] = ()

    @property
    def arity(self) -> int:
        """How many inputs the op takes."""
        return len(self.formulas)

    def forward(self, *inputs: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def vjp(self, index: int, upstream: np.ndarray, inputs: tuple[np.ndarray, ...],
            output: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def branches(self, *inputs: np.ndarray) -> np.ndarray | None:
        """Which smooth piece each element lies on; None for ops without kinks."""
        return None

    def describe(self) -> str:
        """The op's name with its settings, e.g. `sum(axis=0)`."""
        return self.name
