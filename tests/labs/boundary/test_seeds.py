"""One reproducible, independent random stream per purpose."""

import numpy as np
import pytest

from bpviz.labs.boundary.seeds import PURPOSES, lab_rng


def test_the_same_seed_and_purpose_give_the_same_stream():
    for purpose in PURPOSES:
        np.testing.assert_array_equal(lab_rng(3, purpose).random(5), lab_rng(3, purpose).random(5))


def test_purposes_and_seeds_give_different_streams():
    draws = {(seed, purpose): tuple(lab_rng(seed, purpose).random(3))
             for seed in (0, 1) for purpose in PURPOSES}
    assert len(set(draws.values())) == len(draws)


def test_an_unknown_purpose_is_refused():
    with pytest.raises(ValueError, match="batch order"):
        lab_rng(0, "shuffle")
