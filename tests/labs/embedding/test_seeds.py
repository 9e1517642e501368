"""Each purpose has its own stream from the seed."""

import numpy as np
import pytest

from bpviz.labs.embedding.seeds import PURPOSES, embedding_rng


def test_streams_are_reproducible_and_differ_by_purpose_and_seed():
    draws = {purpose: embedding_rng(7, purpose).random(3) for purpose in PURPOSES}
    np.testing.assert_array_equal(draws["init"], embedding_rng(7, "init").random(3))
    assert len({tuple(values) for values in draws.values()}) == len(PURPOSES)
    assert not np.array_equal(draws["init"], embedding_rng(8, "init").random(3))
    with pytest.raises(ValueError, match="unknown purpose"):
        embedding_rng(0, "dropout")
