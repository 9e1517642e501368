"""One independent random stream per purpose of the pitfall, from its seed."""

from __future__ import annotations

import numpy as np

PURPOSES = ("pretrain start", "pretrain order", "classifier")


def pitfall_rng(seed: int, purpose: str) -> np.random.Generator:
    """A fresh generator for `purpose` (one of PURPOSES) of the pitfall seeded with `seed`."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}; choose one of {', '.join(PURPOSES)}")
    return np.random.default_rng([PURPOSES.index(purpose), 3_000, int(seed)])
