"""One independent random stream per purpose of a lab session, all from the session's seed.

Separate streams keep each panel reproducible on its own: the softmax panel's initial
weights do not depend on the neural net's shape, and the batch order depends on neither.
A headless Trainer given the same streams trains the same model bit for bit.
"""

from __future__ import annotations

import numpy as np

PURPOSES = ("split", "init softmax", "init mlp", "batch order")


def lab_rng(seed: int, purpose: str) -> np.random.Generator:
    """A fresh generator for `purpose` (one of PURPOSES) of the session seeded with `seed`."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}; choose one of {', '.join(PURPOSES)}")
    return np.random.default_rng([PURPOSES.index(purpose), int(seed)])
