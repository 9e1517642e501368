"""The lab saved and opened again: the same data, settings, weights, optimiser state,
batch order, generator and curves, and training on from there gives the same numbers."""

import json

import numpy as np
import pytest

from bpviz.data.csv_format import save_csv
from bpviz.labs.boundary import DataSpec, make_dataset
from bpviz.labs.boundary.session import PANELS, LabSession
from bpviz.labs.boundary.settings import NetSpec, TrainSpec
from bpviz.sessions import (
    SessionFileError, from_text, lab_session, read_session, restore_lab, to_text, write_session,
)


def trained(steps, train=TrainSpec(), net=NetSpec(), seed=3, every=7):
    session = LabSession(make_dataset(DataSpec(points=120)), net, train, seed=seed, grid_size=24)
    for step in range(steps):
        session.step()
        if step % every == 0:
            session.evaluate()
    return session


def round_trip(session, **kwargs):
    return restore_lab(from_text(to_text(lab_session(session, **kwargs)))).session


def assert_same(a, b):
    assert a.steps == b.steps and a.epoch == b.epoch and a.epochs_done == b.epochs_done
    assert a.net == b.net and a.train == b.train and a.seed == b.seed
    assert a.extent == b.extent and a.grid_size == b.grid_size
    for panel in PANELS:
        for name, value in a.models[panel].params.items():
            assert np.array_equal(value, b.models[panel].params[name]), (panel, name)
        state_a, state_b = a.trainers[panel].optimizer.state, b.trainers[panel].optimizer.state
        assert state_a.keys() == state_b.keys()
        for name in state_a:
            for key in state_a[name]:
                assert np.array_equal(state_a[name][key], state_b[name][key]), (panel, name, key)
        assert a.trainers[panel].rng.bit_generator.state == b.trainers[panel].rng.bit_generator.state
        curve_a, curve_b = a.curve(panel), b.curve(panel)
        for field in ("steps", "epochs", "train_loss", "train_accuracy", "test_loss",
                      "test_accuracy"):
            assert np.array_equal(getattr(curve_a, field), getattr(curve_b, field),
                                  equal_nan=True), field


@pytest.mark.parametrize("optimizer", ["adam", "momentum", "sgd", "rmsprop", "adagrad"])
def test_training_on_after_a_round_trip_is_training_on_without_one(optimizer):
    train = TrainSpec(optimizer=optimizer, lr=0.01, batch_size=7)
    straight, saved = trained(45, train), trained(45, train)
    opened = round_trip(saved)
    assert_same(straight, opened)
    for session in (straight, opened):
        for step in range(70):  # across epoch ends: the rest of the batch order was kept
            session.step()
            if step % 9 == 0:
                session.evaluate()
    assert_same(straight, opened)
    assert np.array_equal(straight.grid("mlp").probabilities, opened.grid("mlp").probabilities)


def test_the_data_set_and_settings_come_back_bit_for_bit():
    session = trained(10, TrainSpec(loss="margin", l2=0.001), NetSpec((5, 3), "relu", "small"))
    opened = round_trip(session)
    for part in ("dataset", "train_set", "test_set"):
        a, b = getattr(session, part), getattr(opened, part)
        assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
        assert (a.class_names, a.name, a.header) == (b.class_names, b.name, b.header)
    assert_same(session, opened)


def test_generator_settings_and_source_are_kept():
    spec = DataSpec(kind="moons", points=50, noise=0.2, seed=4)
    session = LabSession(make_dataset(spec))
    state = restore_lab(from_text(to_text(lab_session(session, spec, "moons"))))
    assert state.generator == spec and state.source == "moons"


def test_a_kept_extent_comes_back():
    """Drawn points keep the axes: the saved square, not the one the data would give."""
    session = trained(3)
    session._extent = (-5.0, 5.0, -5.0, 5.0)
    session.set_dataset(session.dataset, keep_extent=True)
    assert round_trip(session).extent == (-5.0, 5.0, -5.0, 5.0)


def test_a_linked_csv_is_read_back_and_a_changed_one_refused(tmp_path):
    session = trained(5)
    save_csv(session.dataset, tmp_path / "points.csv")
    saved = lab_session(session, data_path=tmp_path / "points.csv",
                        file_path=tmp_path / "lab.bpviz")
    assert saved.state["data"]["path"] == "points.csv"
    write_session(tmp_path / "lab.bpviz", saved)
    assert_same(session, restore_lab(read_session(tmp_path / "lab.bpviz"), tmp_path).session)
    with open(tmp_path / "points.csv", "a") as file:
        file.write("0.5,0.5,0\n")
    with pytest.raises(SessionFileError, match="has changed since the session was saved"):
        restore_lab(read_session(tmp_path / "lab.bpviz"), tmp_path)


def test_a_link_to_a_file_with_other_data_is_refused(tmp_path):
    session = trained(1)
    save_csv(make_dataset(DataSpec(kind="xor")), tmp_path / "other.csv")
    with pytest.raises(SessionFileError, match="does not hold the data set in the lab"):
        lab_session(session, data_path=tmp_path / "other.csv")


def damaged(change):
    document = json.loads(to_text(lab_session(trained(4))))
    change(document["state"])
    return json.dumps(document)


@pytest.mark.parametrize("change, message", [
    (lambda s: s["panels"]["mlp"]["params"].pop("W1"), "'W1' is missing"),
    (lambda s: s["panels"]["mlp"]["params"]["W1"].update(shape=[8, 3]),
     "panels.mlp.params.W1: shape"),
    (lambda s: s["panels"]["mlp"]["params"]["W1"].update(data="!!"), "not valid base64"),
    (lambda s: s["panels"]["mlp"]["params"]["W1"].update(data="AAAA"), "bytes expected"),
    (lambda s: s["panels"]["mlp"]["params"]["W1"].update(dtype="complex128"), "dtype"),
    (lambda s: s["panels"]["softmax"]["optimizer"].update(name="lbfgs"), "optimizer.name"),
    (lambda s: s["panels"]["softmax"]["optimizer"].update(name="sgd"), "'adam' expected"),
    (lambda s: s["panels"]["softmax"]["rng"].update(bit_generator="MT19937"), "rng"),
    (lambda s: s["panels"]["softmax"]["rng"]["state"].update(state=-1), "rng.state.state"),
    (lambda s: s["panels"]["softmax"].update(steps="ten"), "a whole number expected"),
    (lambda s: s["net"].update(hidden=[8, 999]), "units per layer"),
    (lambda s: s["net"].update(depth=3), "unknown setting 'depth'"),
    (lambda s: s["train"].update(lr=-1), "lr"),
    (lambda s: s.update(seed=True), "state.seed"),
    (lambda s: s["data"]["inline"]["y"].update(data="AAAAAAAAAAA="), "state.data.inline.y"),
    (lambda s: s["curves"]["mlp"].update(stride=3), "power of two"),
    (lambda s: s.update(extent=[0.0, 0.1, 0.0, 0.1]), "does not hold every point"),
    (lambda s: s.pop("panels"), "'panels' is missing"),
])
def test_a_damaged_lab_state_is_refused_naming_the_field(change, message):
    with pytest.raises(SessionFileError, match=message):
        restore_lab(from_text(damaged(change)))


def test_a_non_finite_weight_is_refused():
    session = trained(2)
    saved = lab_session(session)
    session.models["mlp"].params["W1"][0, 0] = np.nan
    bad = lab_session(session)
    saved.state["panels"]["mlp"]["params"]["W1"] = bad.state["panels"]["mlp"]["params"]["W1"]
    with pytest.raises(SessionFileError, match="NaN or infinite"):
        restore_lab(from_text(to_text(saved)))
