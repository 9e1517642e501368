"""The lab's Qt model without its widgets: time-boxed training from the timer, an epoch
that stops itself, a refused word, and a divergence that names its panel."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bpviz.app.labs.embedding.embedding_model import EmbeddingModel
from bpviz.data.corpus import corpus_from_text

TEXT = ("The cat sat on the mat. The dog sat on the rug. A cat and a dog ran. "
        "The cat saw the dog. The dog saw a cat on the mat. ") * 10


@pytest.fixture
def model(qtbot) -> EmbeddingModel:
    return EmbeddingModel(corpus_from_text(TEXT, "pets"))


def test_play_trains_from_the_timer_and_pause_stops(model, qtbot):
    with qtbot.waitSignal(model.playing_changed):
        model.play()
    qtbot.waitUntil(lambda: model.session.steps >= 3, timeout=5000)
    model.pause()
    steps = model.session.steps
    qtbot.wait(60)
    assert model.session.steps == steps and not model.playing


def test_an_epoch_ends_at_the_end_of_skip_grams_pairs(model, qtbot):
    model.run_epoch()
    qtbot.waitUntil(lambda: not model.playing, timeout=10_000)
    assert model.session.epoch("sgns") == pytest.approx(1.0)


def test_a_word_outside_the_vocabulary_is_refused(model, qtbot):
    before = model.word
    with qtbot.waitSignal(model.error) as said:
        model.set_word("zebra")
    assert model.word == before and "'zebra' is not in the vocabulary" in said.args[0]
    with qtbot.waitSignal(model.word_changed):
        model.set_word("dog")
    assert model.word == "dog"


def test_divergence_stops_names_the_panel_and_keeps_finite_vectors(model, qtbot):
    model.set_spec(replace(model.spec, glove_lr=100.0, simple_lr=100.0, sgns_lr=100.0))
    with qtbot.waitSignal(model.diverged, timeout=20_000) as stopped:
        model.play()
    assert not model.playing
    assert "diverged" in stopped.args[0] and "learning rate" in stopped.args[0]
    assert any(title in stopped.args[0] for title in ("skip-gram", "GloVe"))
    for panel in ("sgns", "glove", "simple-glove"):
        assert np.isfinite(model.session.vectors(panel)).all()


def test_a_learning_rate_applies_without_a_restart(model):
    model.step()
    model.set_spec(replace(model.spec, sgns_lr=0.05))
    assert model.session.steps == 1 and model.spec.sgns_lr == 0.05
    model.set_spec(replace(model.spec, window=3))
    assert model.session.steps == 0 and model.spec.window == 3


def test_training_yields_to_late_frames_and_takes_its_chunk_back_on_time(model):
    from bpviz.app.labs.embedding.embedding_model import CHUNK_S, MIN_CHUNK_S

    assert model.chunk_s == CHUNK_S
    model.share_frame(1 / 30, 0.050)  # a late frame: a quarter less training a tick
    assert model.chunk_s == pytest.approx(0.75 * CHUNK_S)
    for _ in range(20):
        model.share_frame(1 / 30, 0.080)
    assert model.chunk_s == MIN_CHUNK_S  # never below: a tick still takes its step
    for _ in range(20):
        model.share_frame(1 / 30, 1 / 30)  # on time: back up, never above CHUNK_S
    assert model.chunk_s == CHUNK_S
