"""The loss curve keeps bounded memory and always shows the latest step."""

import numpy as np
import pytest

from bpviz.labs.embedding.curves import LossRecorder


def test_points_are_kept_until_full_then_thinned_with_the_latest_shown():
    recorder = LossRecorder(capacity=4)
    for step in range(1, 6):
        recorder.append(step, float(step) / 10)
    curve = recorder.curve()
    np.testing.assert_array_equal(curve.steps, [1, 3, 5])
    np.testing.assert_array_equal(curve.losses, [0.1, 0.3, 0.5])
    recorder.append(6, 0.6)
    np.testing.assert_array_equal(recorder.curve().steps, [1, 3, 5, 6])
    assert not recorder.curve().losses.flags.writeable


def test_an_odd_capacity_is_refused():
    with pytest.raises(ValueError):
        LossRecorder(capacity=3)
