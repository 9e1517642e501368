"""The pretrained vectors: the same for a seed, and TV, telly and television close."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.labs.pitfall.pretrained import pretrain

SEEDS = range(3)


@pytest.mark.parametrize("seed", SEEDS)
def test_tv_telly_and_television_are_close(seed):
    pretrained = pretrain(seed)
    V = pretrained.vectors
    assert V.shape[1] == 2 and np.isclose((V ** 2).sum(axis=1).mean(), 1.0)
    three = np.array([pretrained.vector(w) for w in ("TV", "telly", "television")])
    apart = max(np.linalg.norm(a - b) for a in three for b in three)
    distances = np.linalg.norm(V[:, None] - V[None], axis=-1)
    assert apart < np.median(distances) / 2
    assert (distances < apart).mean() < 0.15  # closer than most pairs of words


def test_the_same_seed_gives_the_same_vectors_and_another_seed_others():
    assert np.array_equal(pretrain(4).vectors, pretrain(4).vectors)
    assert not np.array_equal(pretrain(4).vectors, pretrain(5).vectors)
