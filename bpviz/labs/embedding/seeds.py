"""One independent random stream per purpose of an embedding-lab session, from its seed.

The three panels start from the same vectors ("init"); skip-gram's pairs and negatives
and the GloVe panels' order of entries come from streams of their own, so a change to
one panel's settings leaves the others' draws as they were.
"""

from __future__ import annotations

import numpy as np

PURPOSES = ("init", "init context", "subsample", "pair order", "negatives", "entry order")


def embedding_rng(seed: int, purpose: str) -> np.random.Generator:
    """A fresh generator for `purpose` (one of PURPOSES) of the session seeded with `seed`."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}; choose one of {', '.join(PURPOSES)}")
    return np.random.default_rng([PURPOSES.index(purpose), 1_000, int(seed)])
