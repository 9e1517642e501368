"""Lockstep: one batch order for all, and a step that is all or nothing."""

import numpy as np
import pytest

from bpviz.labs.boundary.lockstep import Lockstep
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.training.divergence import DivergenceError
from bpviz.training.trainer import Trainer, TrainSettings


def trainer(spiral, hidden, seed, **settings):
    rng = np.random.default_rng(seed)
    model = Classifier(2, 3, ClassifierConfig(hidden=hidden, activation="relu"), rng)
    return Trainer(model, (spiral.X[:100], spiral.y[:100]), (spiral.X[100:], spiral.y[100:]),
                   TrainSettings(**settings), rng)


def snapshot(trainer):
    return {name: value.copy() for name, value in trainer.model.params.items()}


def moments(trainer):
    return {name: {key: array.copy() for key, array in state.items()}
            for name, state in trainer.optimizer.state.items()}


def test_followers_train_on_the_leaders_batches(spiral):
    lockstep = Lockstep({"a": trainer(spiral, (), 0, batch_size=30),
                         "b": trainer(spiral, (), 0, batch_size=30)})
    lockstep.trainers["b"].rng = np.random.default_rng(5)  # would shuffle differently alone
    for _ in range(5):
        lockstep.step()
    a, b = (snapshot(t) for t in lockstep.trainers.values())
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
    assert lockstep.steps == 5 and lockstep.epoch == pytest.approx((30 + 30 + 30 + 10 + 30) / 100)
    assert lockstep.trainers["b"].epoch == lockstep.leader.epoch == 1


def test_when_a_follower_diverges_the_leader_goes_back_too(spiral):
    steady = trainer(spiral, (), 0, optimizer="sgd", lr=0.01, batch_size=10)
    wild = trainer(spiral, (8,), 1, optimizer="sgd", lr=1e200, batch_size=10)
    lockstep = Lockstep({"steady": steady, "wild": wild}, titles={"wild": "the wild one"})
    with pytest.raises(DivergenceError) as caught:
        for _ in range(10):
            before = {name: snapshot(t) for name, t in lockstep.trainers.items()}
            steps_before = lockstep.steps
            lockstep.step()
    error = caught.value
    assert error.panel == "wild" and "the wild one" in str(error)
    assert error.step == steps_before + 1 and lockstep.steps == steps_before
    assert steady.steps == wild.steps == steps_before
    for name, t in lockstep.trainers.items():
        for param, value in snapshot(t).items():
            np.testing.assert_array_equal(value, before[name][param])


def test_when_the_leader_diverges_no_one_moves(spiral):
    wild = trainer(spiral, (8,), 1, optimizer="sgd", lr=1e200, batch_size=10)
    steady = trainer(spiral, (), 0, optimizer="sgd", lr=0.01, batch_size=10)
    lockstep = Lockstep({"wild": wild, "steady": steady})
    with pytest.raises(DivergenceError) as caught:
        for _ in range(10):
            before = snapshot(steady)
            lockstep.step()
    assert caught.value.panel == "wild" and str(caught.value).count("wild:") == 1
    for param, value in snapshot(steady).items():
        np.testing.assert_array_equal(value, before[param])
    assert steady.steps == wild.steps


def test_new_settings_reach_every_trainer(spiral):
    lockstep = Lockstep({"a": trainer(spiral, (), 0), "b": trainer(spiral, (4,), 1)})
    lockstep.set_settings(TrainSettings(optimizer="rmsprop", lr=0.002, batch_size=7))
    for t in lockstep.trainers.values():
        assert t.lr == 0.002 and type(t.optimizer).__name__ == "RMSprop"
    lockstep.step()
    assert len(lockstep.leader.last_batch) == 7 and lockstep.epoch == pytest.approx(0.07)


def test_rewind_undoes_the_latest_steps_one_at_a_time(spiral):
    lockstep = Lockstep({"a": trainer(spiral, (), 0, batch_size=10),
                         "b": trainer(spiral, (4,), 1, batch_size=10)})
    states = []
    for _ in range(5):
        states.append({name: snapshot(t) for name, t in lockstep.trainers.items()})
        lockstep.step()
    epoch = lockstep.epoch
    for back in (4, 3):
        assert lockstep.rewind()
        assert lockstep.steps == back and all(t.steps == back for t in lockstep.trainers.values())
        for name, t in lockstep.trainers.items():
            for param, value in snapshot(t).items():
                np.testing.assert_array_equal(value, states[back][name][param])
    assert lockstep.epoch == epoch  # the batches drawn stay drawn
    lockstep.step()
    assert lockstep.steps == 4


def test_only_the_last_steps_can_be_undone(spiral, monkeypatch):
    monkeypatch.setattr("bpviz.labs.boundary.lockstep.HISTORY", 3)
    lockstep = Lockstep({"a": trainer(spiral, (), 0)})
    for _ in range(5):
        lockstep.step()
    assert [lockstep.rewind() for _ in range(4)] == [True, True, True, False]
    assert lockstep.steps == 2


def test_restore_goes_back_to_a_checkpoint_optimiser_state_included(spiral):
    lockstep = Lockstep({"a": trainer(spiral, (4,), 0, optimizer="adam")})
    lockstep.step()
    saved = lockstep.checkpoint()
    params, moments = snapshot(lockstep.leader), lockstep.leader.optimizer.snapshot()
    for _ in range(3):
        lockstep.step()
    lockstep.restore(saved)
    assert lockstep.steps == 1 and not lockstep.rewind()  # the steps after it are gone
    for name, value in snapshot(lockstep.leader).items():
        np.testing.assert_array_equal(value, params[name])
    for name, state in lockstep.leader.optimizer.snapshot().items():
        for key, array in state.items():
            np.testing.assert_array_equal(array, moments[name][key])
    lockstep.restore(saved)  # the same checkpoint again: nothing of it was used up
    assert lockstep.steps == 1


def test_new_settings_cannot_be_undone_into(spiral):
    lockstep = Lockstep({"a": trainer(spiral, (), 0, optimizer="adam")})
    lockstep.step()
    lockstep.set_settings(TrainSettings(optimizer="sgd"))
    assert not lockstep.rewind()  # Adam's state would not fit the new SGD


def test_the_undo_history_reuses_its_buffers_and_still_undoes_every_step(spiral, monkeypatch):
    monkeypatch.setattr("bpviz.labs.boundary.lockstep.HISTORY", 4)
    lockstep = Lockstep({"a": trainer(spiral, (), 0, optimizer="adam", batch_size=10),
                         "b": trainer(spiral, (4,), 1, optimizer="adam", batch_size=10)})
    lockstep.step()  # Adam's state exists (flat buffers) from here on

    def no_snapshot(self):
        raise AssertionError("a step deep-copied the optimiser's state")
    monkeypatch.setattr("bpviz.training.optimizers.base.Optimizer.snapshot", no_snapshot)
    states = []
    for _ in range(9):  # past the history's length: its oldest buffers are written over
        states.append({name: (snapshot(t), moments(t)) for name, t in lockstep.trainers.items()})
        lockstep.step()
    kept = {id(s.models["a"].kept) for s in lockstep._history}  # noqa: SLF001
    for back in range(4):
        assert lockstep.rewind()
        for name, t in lockstep.trainers.items():
            params, state = states[-1 - back][name]
            for param, value in snapshot(t).items():
                np.testing.assert_array_equal(value, params[param])
            for param, arrays in moments(t).items():
                for key, array in arrays.items():
                    np.testing.assert_array_equal(array, state[param][key])
    assert not lockstep.rewind() and lockstep.steps == 6
    for _ in range(4):
        lockstep.step()
    assert {id(s.models["a"].kept) for s in lockstep._history} == kept  # noqa: SLF001
