"""The lab's training state taken and given back (LabSession.snapshot / .restore, and the
curves' CurveRecorder.snapshot / .restored): a fresh session on the same data, settings and
seed trains on bit for bit; a snapshot that does not fit is refused before anything changes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bpviz.labs.boundary import DataSpec, make_dataset
from bpviz.labs.boundary.curves import CurveRecorder, CurveState
from bpviz.labs.boundary.session import PANELS, LabSession
from bpviz.labs.boundary.settings import NetSpec, TrainSpec

TRAIN = TrainSpec(batch_size=9)


def session(steps=0):
    lab = LabSession(make_dataset(DataSpec(points=90)), NetSpec(), TRAIN, seed=4, grid_size=12)
    for step in range(steps):
        lab.step()
        if step % 5 == 0:
            lab.evaluate()
    return lab


def same(a: LabSession, b: LabSession) -> bool:
    return a.steps == b.steps and all(
        np.array_equal(value, b.models[panel].params[name])
        for panel in PANELS for name, value in a.models[panel].params.items()) and all(
        np.array_equal(a.curve(panel).train_loss, b.curve(panel).train_loss) for panel in PANELS)


def test_a_restored_session_trains_on_bit_for_bit():
    trained, fresh = session(23), session()
    fresh.restore(trained.snapshot())
    assert same(trained, fresh) and fresh.good_steps == 23
    for lab in (trained, fresh):
        for step in range(31):
            lab.step()
            if step % 4 == 0:
                lab.evaluate()
    assert same(trained, fresh)


def test_a_snapshot_that_does_not_fit_changes_nothing():
    trained, fresh = session(5), session(2)
    snapshot = trained.snapshot()
    softmax = snapshot.panels["softmax"]
    uneven = dataclasses.replace(snapshot, panels={
        **snapshot.panels,
        "softmax": dataclasses.replace(softmax, trainer=dataclasses.replace(softmax.trainer,
                                                                            steps=4))})
    wrong_shape = dataclasses.replace(snapshot, panels={
        **snapshot.panels, "mlp": dataclasses.replace(snapshot.panels["mlp"], params={
            "W1": np.zeros((1, 1))})})
    for bad, message in ((uneven, "same number of steps"), (wrong_shape, "mlp: parameters"),
                         (dataclasses.replace(snapshot, extent=(0.0, 0.1, 0.0, 0.1)),
                          "every point")):
        before = {name: value.copy() for name, value in fresh.models["mlp"].params.items()}
        with pytest.raises(ValueError, match=message):
            fresh.restore(bad)
        assert fresh.steps == 2 and all(np.array_equal(value, fresh.models["mlp"].params[name])
                                        for name, value in before.items())


def test_a_recorder_goes_on_as_the_one_it_was_taken_from():
    recorder = CurveRecorder(4)
    for step in range(11):  # thinned twice
        recorder.append(step, step / 10, (1.0 / (step + 1), 0.5), (2.0, 0.25))
    copy = CurveRecorder.restored(recorder.snapshot())
    for step in range(11, 17):
        for each in (recorder, copy):
            each.append(step, step / 10, (0.1, 0.9), (0.2, 0.8))
    assert np.array_equal(recorder.curve().steps, copy.curve().steps)
    with pytest.raises(ValueError, match="power of two"):
        CurveRecorder.restored(CurveState(4, np.zeros((0, 6)), 3, 0, None))
    with pytest.raises(ValueError, match="rows of 6"):
        CurveRecorder.restored(CurveState(4, np.zeros((5, 6)), 1, 0, None))
