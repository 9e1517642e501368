"""The word-vector lessons: recorded, checked, updated like the window scorer; the data
they publish (the noise table, the counts) and the shift demonstration."""

import numpy as np
import pytest

from bpviz.lessons.stepper import Stepper
from bpviz.lessons.word_vector_lessons import (
    GloVeLesson, NegativeSamplingLesson, SimpleGloVeLesson, SkipGramLesson, shift_lines,
)
from bpviz.models.negative_sampling import NegativeSamplingConfig

LESSONS = (SkipGramLesson, NegativeSamplingLesson, GloVeLesson, SimpleGloVeLesson)


@pytest.mark.parametrize("make", LESSONS)
def test_each_lesson_steps_checks_and_its_updates_lower_J(make):
    lesson = make()
    stepper = Stepper(lesson)
    while stepper.index < stepper.last_index:
        stepper.step()
    assert lesson.gradcheck().passed()
    before = lesson.model.loss()
    for _ in range(5):
        stepper.update(0.05)
    assert lesson.model.loss() < before
    assert stepper.trace.output_value == pytest.approx(lesson.model.loss())


def test_negative_sampling_publishes_both_distributions_and_the_draws():
    lesson = NegativeSamplingLesson(NegativeSamplingConfig(negatives=4, seed=1))
    (table,) = lesson.tables()
    assert table.columns == ("word", "U(w)", "U(w)/ΣU", "U(w)^¾/Z", "drawn")
    assert [row[0] for row in table.rows] == list(lesson.model.counts.vocabulary)
    assert sum(len(row[4]) for row in table.rows) == 4
    assert ", ".join(lesson.model.negative_words) in table.note


def test_sgns_update_touches_only_the_rows_it_used():
    lesson = NegativeSamplingLesson()
    V_before = lesson.model.params["V"].copy()
    lesson.update(0.1)
    changed = np.nonzero(np.any(lesson.model.params["V"] != V_before, axis=1))[0]
    np.testing.assert_array_equal(changed, [lesson.model.c])


@pytest.mark.parametrize("make", (GloVeLesson, SimpleGloVeLesson))
def test_both_glove_lessons_offer_the_shift_demo(make):
    demo = make().shift_demo()
    assert abs(demo.glove_change) < 1e-10 and demo.simple_change > 1.0
    lines = shift_lines(demo)
    assert lines[0] == "c = (1, 1) added to every vector"
    assert "GloVe: J" in lines[1] and "change 0" in lines[1]


def test_skipgram_and_sgns_have_no_shift_demo():
    assert SkipGramLesson().shift_demo() is None and NegativeSamplingLesson().shift_demo() is None


def test_skipgram_publishes_P_and_the_recorded_observed_and_expected_parts():
    lesson = SkipGramLesson()
    model = lesson.model
    (table,) = lesson.tables()
    P = model.probabilities()
    assert [row[1] for row in table.rows] == [f"{p:.4g}" for p in P]
    observed, expected = model.observed_and_expected()
    U = model.params["U"]
    np.testing.assert_allclose(observed, -U[model.o], rtol=1e-12)
    np.testing.assert_allclose(expected, P @ U, rtol=1e-12)
    _, grads, _ = model.gradients()
    np.testing.assert_allclose(observed + expected, grads["V"][model.c], rtol=1e-12)
    assert "observed minus expected" in table.note


def test_the_ledger_says_what_the_new_gates_send_back():
    from bpviz.lessons.ledger import Ledger

    notes = {entry.title.plain: [note.plain for note in entry.notes]
             for entry in Ledger(SkipGramLesson().record()).entries if entry.notes}
    assert any("softmax probability" in note for note in
               notes["log Σ exp Uv_c = log Σ_w exp(Uv_c)"])
    assert any("back into that row" in note for note in notes["u_o = U[4]"])
    sgns = [note.plain for entry in Ledger(NegativeSamplingLesson().record()).entries
            for note in entry.notes]
    assert sum("σ(−z) = 1 − σ(z)" in note for note in sgns) == 2  # ℓ_o and ℓ_k
