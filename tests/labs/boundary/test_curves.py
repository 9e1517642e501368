"""A panel's history: frozen arrays, one entry per evaluation."""

import numpy as np

from bpviz.labs.boundary.curves import CurveRecorder


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


def evaluations(recorder, count):
    for step in range(count):
        recorder.append(step, step / 10, (1.0 / (step + 1), 0.5), (2.0 / (step + 1), 0.4))


def test_a_long_history_stays_within_the_capacity_and_spans_it_all():
    recorder = CurveRecorder(capacity=8)
    evaluations(recorder, 1000)
    curve = recorder.curve()
    assert len(curve.steps) <= 8 + 1 == 9
    assert curve.steps[0] == 0 and curve.steps[-1] == 999  # the first and the latest
    assert (np.diff(curve.steps) > 0).all()
    np.testing.assert_array_equal(curve.train_loss, 1.0 / (curve.steps + 1))


def test_thinning_keeps_evenly_spaced_evaluations():
    recorder = CurveRecorder(capacity=4)
    evaluations(recorder, 7)   # 0 1 2 3, thinned to 0 2 as 4 comes, then 4 and 6
    np.testing.assert_array_equal(recorder.curve().steps, [0, 2, 4, 6])
    recorder = CurveRecorder(capacity=4)
    evaluations(recorder, 10)  # 9 is not kept, but shown as the latest
    np.testing.assert_array_equal(recorder.curve().steps, [0, 4, 8, 9])


def test_the_same_curve_is_handed_out_until_something_new_is_recorded():
    recorder = CurveRecorder()
    evaluations(recorder, 3)
    assert recorder.curve() is recorder.curve()
    first = recorder.curve()
    evaluations(recorder, 1)
    assert recorder.curve() is not first and len(recorder.curve().steps) == 4
