"""An embedding session's training state taken and given back: a fresh session on the same
corpus, settings and seed trains on bit for bit; a state that does not fit changes nothing."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bpviz.data.corpus import corpus_from_sentences
from bpviz.labs.embedding import PANELS, EmbeddingSession, EmbeddingSpec
from bpviz.labs.embedding.curves import LossRecorder, RecorderState

SENTENCES = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "the", "rug"],
             ["a", "cat", "and", "a", "dog"]] * 15
SPEC = EmbeddingSpec(dimension=3, batch_size=8, subsample=0.1)


def make(steps=0):
    session = EmbeddingSession(corpus_from_sentences(SENTENCES, "pets"), SPEC, seed=2)
    session.step(steps)
    return session


def tables(session):
    return {(panel, name): value.copy() for panel in PANELS
            for name, value in session.panels[panel].arrays().items()}


def test_a_restored_session_trains_on_bit_for_bit():
    trained, fresh = make(17), make()
    fresh.restore(trained.snapshot())
    for session in (trained, fresh):
        session.step(40)
    a, b = tables(trained), tables(fresh)
    assert all(np.array_equal(a[key], b[key]) for key in a)
    assert np.array_equal(trained.curve("glove").losses, fresh.curve("glove").losses)


@pytest.mark.parametrize("change, message", [
    (lambda s: {"steps": -1}, "negative"),
    (lambda s: {"arrays": {**s.arrays, "sgns": {"V": s.arrays["sgns"]["V"][:1],
                                               "U": s.arrays["sgns"]["U"]}}}, "sgns: V"),
    (lambda s: {"entries": dataclasses.replace(s.entries, position=10**6)}, "past the order"),
    (lambda s: {"pairs": dataclasses.replace(s.pairs, position=10**6)}, "pairs"),
])
def test_a_state_that_does_not_fit_changes_nothing(change, message):
    trained, other = make(9), make(3)
    state = trained.snapshot()
    before = tables(other)
    with pytest.raises(ValueError, match=message):
        other.restore(dataclasses.replace(state, **change(state)))
    after = tables(other)
    assert other.steps == 3 and all(np.array_equal(before[key], after[key]) for key in before)


def test_a_loss_recorder_goes_on_as_the_one_it_was_taken_from():
    recorder = LossRecorder(4)
    for step in range(9):
        recorder.append(step, 1.0 / (step + 1))
    copy = LossRecorder.restored(recorder.snapshot())
    for each in (recorder, copy):
        each.append(9, 0.01)
    assert np.array_equal(recorder.curve().steps, copy.curve().steps)
    with pytest.raises(ValueError):
        LossRecorder.restored(RecorderState(4, np.zeros((1, 2)), 2, 0, (1.0, 2.0, 3.0)))
