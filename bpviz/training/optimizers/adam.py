"""Adam: momentum and RMSprop together, with bias correction for their zero start."""

from __future__ import annotations

import numpy as np

from bpviz.training.choices import require
from bpviz.training.optimizers.base import Optimizer, State

_FULL_ROWS = 1 << 16  # up to this many moments, the decays are kept as whole rows


class Adam(Optimizer):
    """m = β₁m + (1−β₁)g;  v = β₂v + (1−β₂)g²;  θ −= lr · m̂ / (√v̂ + ε)
    with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ): without them the zero start makes early steps wrong.

    t counts the steps of each row (of each element of a vector): with `rows`, a row
    the batch did not touch keeps its m, v and t, as SparseAdam does.
    """

    name = "adam"
    formula = ("m ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;  "
               "θ ← θ − (lr/(1−β₁ᵗ))·m / (√(v/(1−β₂ᵗ)) + ε)")
    state_names = ("m", "v", "t")
    setting_names = ("beta1", "beta2", "eps")

    def __init__(self, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        require("beta1", beta1, 0.0 <= beta1 < 1.0, "in [0, 1)")
        require("beta2", beta2, 0.0 <= beta2 < 1.0, "in [0, 1)")
        require("eps", eps, eps > 0.0, "> 0")
        super().__init__()
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self._kept: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._block_kept: tuple | None = None

    def _new_state(self, param: np.ndarray) -> State:
        # One step count per row (shape[:1]), so a sparse update can count rows apart.
        return {"m": np.zeros_like(param), "v": np.zeros_like(param),
                "t": np.zeros(param.shape[:1], dtype=np.int64)}

    def _apply(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> None:
        t = state["t"]
        t += 1
        if t.size and t.min() == t.max():  # one count for all rows: as the flat step does
            self._move(param, grad, state["m"], state["v"], int(t.flat[0]), lr)
            return
        steps = t.reshape(t.shape + (1,) * (param.ndim - t.ndim))  # broadcast over each row
        self._move(param, grad, state["m"], state["v"], steps, lr)

    def _apply_flat(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> bool:
        t = state["t"]
        if getattr(self, "_flat_fresh", True):  # checked once per rebuilt flat state
            if t.size == 0 or t.min() != t.max():
                return False  # rows stepped apart (sparse updates): one count no longer fits all
            self._flat_fresh = False
            self._count = int(t[0])  # the count, kept as a Python int while the state is this
        count = self._count = self._count + 1
        t.fill(count)  # cheaper than t += 1, and no NumPy scalar to read back
        m, v = state["m"], state["v"]
        block = getattr(self, "_block", None)
        if block is not None and block[0] == ("m", "v") and m.base is block[1]:
            self._move_block(param, grad, block[1], count, lr)  # m and v: two rows of one block
        else:
            self._move(param, grad, m, v, count, lr)
        return True

    def _move_block(self, param: np.ndarray, grad: np.ndarray, block: np.ndarray, steps: int,
                    lr: float) -> None:
        """`_move` with m and v the rows of one 2×n `block`, in 10 NumPy calls: both moments
        decay in one call and take their new terms, (1−β₁)g and (1−β₂)g², in another (the
        same products as `_move`'s, bit for bit)."""
        kept = self._block_kept  # `block`, the betas, their rows and a 2×n scratch block
        if kept is None or kept[0] is not block or kept[1] != (self.beta1, self.beta2):
            betas = (self.beta1, self.beta2)
            # The decays as whole rows where that is small: a ufunc over arrays of one shape
            # skips the broadcasting machinery (a few µs a call at the lab's sizes).
            decays = np.array([[betas[0]], [betas[1]]])
            if block.size <= _FULL_ROWS:
                decays = np.repeat(decays, block.shape[1], axis=1)
            scratch = np.empty_like(block)
            rates = (np.array(1.0 - betas[0]), np.array(1.0 - betas[1]))  # arrays: cheaper operands
            self._block_kept = kept = (block, betas, decays, rates, scratch, scratch[0],
                                       scratch[1], block[0], block[1])
        _, _, decays, (rate1, rate2), scratch, step, root, m, v = kept
        multiply = np.multiply
        multiply(grad, rate1, out=step)
        multiply(grad, rate2, out=root)
        root *= grad
        block *= decays
        block += scratch  # m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²
        self._descend(param, m, v, step, root, steps, lr)

    def _move(self, param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray,
              steps: int | np.ndarray, lr: float) -> None:
        """The update in place: θ −= lr·m̂/(√v̂ + ε), in 12 NumPy calls; `steps` is one
        count (a Python int) or one per row.

        With c = √(1−β₂ᵗ), √v̂ + ε = (√v + ε·c)/c, so the step is
        (lr·c/(1−β₁ᵗ)) · m/(√v + ε·c): the bias corrections are two numbers per step,
        not two passes over the buffer."""
        kept = self._kept  # the last `param`, and two arrays shaped like it for the next step
        if kept is None or kept[0] is not param:
            if kept is None or kept[1].shape != param.shape or kept[1].dtype != param.dtype:
                kept = (param, np.empty_like(param), np.empty_like(param))
            self._kept = kept = (param, kept[1], kept[2])
        _, step, root = kept
        beta1, beta2, multiply = self.beta1, self.beta2, np.multiply
        multiply(grad, 1.0 - beta1, out=step)
        m *= beta1
        m += step
        multiply(grad, 1.0 - beta2, out=step)
        step *= grad
        v *= beta2
        v += step
        self._descend(param, m, v, step, root, steps, lr)

    def _descend(self, param: np.ndarray, m: np.ndarray, v: np.ndarray, step: np.ndarray,
                 root: np.ndarray, steps: int | np.ndarray, lr: float) -> None:
        """θ −= (lr·c/(1−β₁ᵗ)) · m/(√v + ε·c), c = √(1−β₂ᵗ), with `step` and `root` as scratch."""
        correction = (1.0 - self.beta2 ** steps) ** 0.5
        np.sqrt(v, out=root)
        root += self.eps * correction
        np.divide(m, root, out=step)
        step *= lr * correction / (1.0 - self.beta1 ** steps)
        param -= step
