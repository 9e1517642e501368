"""A panel's history: frozen arrays, one entry per evaluation."""

import numpy as np

from bpviz.lab.curves import CurveRecorder


def test_a_recorder_hands_out_read_only_arrays_of_its_rows():
    recorder = CurveRecorder()
    recorder.append(0, 0.0, (1.1, 0.3), (1.2, 0.25))
    recorder.append(15, 1.0, (0.5, 0.8), (float("nan"), float("nan")))
    curve = recorder.curve()
    np.testing.assert_array_equal(curve.steps, [0, 15])
    assert curve.steps.dtype == np.int64
    np.testing.assert_array_equal(curve.epochs, [0.0, 1.0])
    np.testing.assert_array_equal(curve.train_loss, [1.1, 0.5])
    np.testing.assert_array_equal(curve.train_accuracy, [0.3, 0.8])
    assert curve.test_loss[0] == 1.2 and np.isnan(curve.test_accuracy[1])
    assert not curve.train_loss.flags.writeable


def test_an_empty_or_cleared_recorder_gives_empty_arrays():
    recorder = CurveRecorder()
    assert recorder.curve().steps.shape == (0,)
    recorder.append(1, 0.1, (1.0, 0.5), (1.0, 0.5))
    first = recorder.curve()
    recorder.clear()
    assert recorder.curve().train_loss.shape == (0,) and len(first.steps) == 1
