"""NumPy's floating-point warnings off between silence() and restore(), as before after."""

import warnings

import numpy as np
import pytest

from bpviz.engine.plan.quiet import restore, silence


def test_silence_turns_overflow_warnings_off_until_restore():
    big = np.array([1e308])
    token = silence()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert np.isinf(big * 10.0).all()
    finally:
        restore(token)
    with pytest.warns(RuntimeWarning, match="overflow"):
        big * 10.0
