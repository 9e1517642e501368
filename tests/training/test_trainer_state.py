"""A trainer's place in its data taken and given back: a restored trainer (with the same
weights and optimiser) trains on bit for bit; a state that cannot be its is refused."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from bpviz.data.dataset import split
from bpviz.data.generators import generate
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.training.trainer import Trainer, TrainerState, TrainSettings


def make_trainer(seed=0, rng_seed=None):
    rng = np.random.default_rng(seed)
    dataset = generate("spiral", rng=rng)
    parts = split(dataset, 0.5, rng)
    model = Classifier(2, dataset.num_classes, ClassifierConfig(hidden=(8,)), rng)
    return Trainer(model, (parts.train.X, parts.train.y), (parts.test.X, parts.test.y),
                   TrainSettings(batch_size=13), np.random.default_rng(rng_seed or 7))


def test_a_restored_trainer_trains_on_bit_for_bit():
    trainer = make_trainer()
    for _ in range(11):
        trainer.step()
    state = trainer.snapshot()
    other = make_trainer(rng_seed=99)  # another generator: its state is overwritten
    for name, value in trainer.model.params.items():
        other.model.params[name][...] = value
    other.optimizer = copy.deepcopy(trainer.optimizer)
    other.restore(state)
    assert (other.steps, other.epoch) == (trainer.steps, trainer.epoch)
    losses = [(trainer.step(), other.step()) for _ in range(40)]  # across epoch ends
    assert all(a == b for a, b in losses)
    for name, value in trainer.model.params.items():
        assert np.array_equal(value, other.model.params[name])


def test_the_snapshot_is_a_copy():
    trainer = make_trainer()
    trainer.step()
    state = trainer.snapshot()
    order = state.order.copy()
    trainer.step()
    assert np.array_equal(state.order, order) and state.steps == 1


@pytest.mark.parametrize("change, message", [
    (lambda s: {"order": np.array([0, 0])}, "twice"),
    (lambda s: {"order": np.array([10**6])}, "the order must name training rows"),
    (lambda s: {"last_batch": np.array([-1])}, "the latest batch must name training rows"),
    (lambda s: {"steps": -1}, "negative"),
])
def test_a_state_that_cannot_be_the_trainers_is_refused_and_changes_nothing(change, message):
    trainer = make_trainer()
    trainer.step()
    state = trainer.snapshot()
    bad = TrainerState(**{**vars(state), **change(state)})
    with pytest.raises(ValueError, match=message):
        trainer.restore(bad)
    assert trainer.steps == 1 and np.array_equal(trainer.snapshot().order, state.order)
