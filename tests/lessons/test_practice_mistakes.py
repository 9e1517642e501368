"""Every named mistake is recognised on at least two lessons, by feeding the mistaken
answer: for the window models the wrong gradient is computed here, with NumPy, from the
lecture's formulas (δ = u ∘ f′(z), ∂J/∂W = δ xᵀ, ∂J/∂f = ŷ − t), never by the code under
test."""

import numpy as np
import pytest

from bpviz.expression import build_circuit, trace_circuit
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.practice import Practice, grade_answers, practice_questions
from bpviz.lessons.practice_mistakes import (
    ACTIVATION_NOT_DERIVATIVE, KINDS, LOCAL_ONLY, MAX_WRONG_INPUT, MISSED_BRANCH_SUM,
    SIGN_FLIPPED, SOFTMAX_FORGOT_ONE, SWAPPED_OPERANDS, TRANSPOSED, UPSTREAM_ONLY,
    forward_values, shape_mistake,
)
from bpviz.lessons.presets import preset
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig


def preset_trace(name):
    chosen = preset(name)
    return trace_circuit(build_circuit(chosen.formula, chosen.values))


def graded(trace, label, answer):
    """The one graded step of answering `answer` for node `label`."""
    answer = answer.tolist() if isinstance(answer, np.ndarray) else answer
    (step,) = grade_answers(trace, {label: answer}).steps
    return step


def value(trace, label):
    values = forward_values(trace)
    return np.asarray(values[next(i.id for i in trace.nodes if i.label == label)])


class Scorer:
    """The window scorer's numbers, J = max(0, 1 − s + s_c) with f = tanh (or ReLU)."""

    def __init__(self, activation="tanh"):
        self.lesson = WindowScorerLesson(WindowConfig(activation=activation))
        self.trace = self.lesson.record()
        params = self.lesson.model.params
        self.W, self.b, self.u = params["W"], params["b"], params["u"]
        self.x, self.x_c = value(self.trace, "x"), value(self.trace, "x_c")
        self.z, self.z_c = self.W @ self.x + self.b, self.W @ self.x_c + self.b
        assert np.allclose(self.z, value(self.trace, "z"))
        f = np.tanh if activation == "tanh" else (lambda z: np.maximum(z, 0))
        df = (lambda z: 1 - np.tanh(z) ** 2) if activation == "tanh" else (lambda z: z > 0)
        self.h, self.h_c = f(self.z), f(self.z_c)
        s, s_c = self.u @ self.h, self.u @ self.h_c
        assert 1 - s + s_c > 0  # the margin is violated: ∂J/∂s = −1, ∂J/∂s_c = +1
        self.dJ_dh = -self.u
        self.delta, self.delta_c = -self.u * df(self.z), self.u * df(self.z_c)
        self.dJ_dW = np.outer(self.delta, self.x) + np.outer(self.delta_c, self.x_c)
        self.dJ_du = -self.h + self.h_c


class Classifier:
    """The softmax window classifier: ŷ = softmax(f), ∂J/∂f = ŷ − t."""

    def __init__(self, hidden=0):
        self.lesson = WindowClassifierLesson(WindowClassifierConfig(hidden=hidden))
        self.trace = self.lesson.record()
        self.params = self.lesson.model.params
        self.x = value(self.trace, "x")
        f = value(self.trace, "f")
        self.y_hat = np.exp(f - f.max()) / np.exp(f - f.max()).sum()
        self.t = np.eye(len(f))[self.lesson.model.config.classes.index("LOC")]
        self.dJ_df = self.y_hat - self.t


# ------------------------------------------------------------- the expression presets

@pytest.mark.parametrize(("name", "label", "answer", "kind"), [
    ("lecture", "y", 2, MISSED_BRANCH_SUM),          # only the path through x+y
    ("lecture", "y", 3, MISSED_BRANCH_SUM),          # only the path through max
    ("square", "x", 3, MISSED_BRANCH_SUM),           # x·x: one of x's two gradients
    ("lecture", "z", 3, MAX_WRONG_INPUT),            # max's gradient sent to the smaller z
    ("cs231n", "z", -4, SWAPPED_OPERANDS),           # ∂(q z)/∂z = z instead of q
    ("cs231n", "x+y", 3, SWAPPED_OPERANDS),          # ∂(q z)/∂q = q instead of z
    ("cs231n", "z", -3, SIGN_FLIPPED),
    ("cs231n", "x", 4, SIGN_FLIPPED),
    ("cs231n", "x", 1, LOCAL_ONLY),                  # +'s local 1 without the upstream −4
    ("neuron", "w1", "0.1966", UPSTREAM_ONLY),       # σ′ without × x1
    ("neuron", "w1", -2, LOCAL_ONLY),                # x1 without the upstream σ′
    ("neuron", "w0*x0+w1*x1+w2", 0.7311, ACTIVATION_NOT_DERIVATIVE),  # σ(1) for σ′(1)
    ("two-layer", "w1*x+b1", "1.5*0.4621", ACTIVATION_NOT_DERIVATIVE),  # w2·tanh(z)
])
def test_a_preset_names_the_mistake(name, label, answer, kind):
    step = graded(preset_trace(name), label, answer)
    assert not step.correct and step.mistake == kind


def test_a_right_answer_names_no_mistake_and_an_unknown_wrong_one_neither():
    trace = preset_trace("lecture")
    assert graded(trace, "y", "2+3").mistake is None and graded(trace, "y", 5).correct
    wrong = graded(trace, "y", 17)
    assert not wrong.correct and wrong.mistake is None


# ------------------------------------------------------------- the window scorer

def test_window_scorer_missed_branch_sum_sign_and_transposed_at_W():
    scorer = Scorer()
    trace = scorer.trace
    assert graded(trace, "W", scorer.dJ_dW).correct
    true_window_only = np.outer(scorer.delta, scorer.x)
    assert graded(trace, "W", true_window_only).mistake == MISSED_BRANCH_SUM
    assert graded(trace, "W", -scorer.dJ_dW).mistake == SIGN_FLIPPED
    transposed = np.outer(scorer.x, scorer.delta) + np.outer(scorer.x_c, scorer.delta_c)
    assert transposed.shape == (20, 8)
    assert graded(trace, "W", transposed).mistake == TRANSPOSED


def test_window_scorer_activation_upstream_and_local_at_z():
    scorer = Scorer()
    trace = scorer.trace
    assert graded(trace, "z", scorer.delta).correct
    assert graded(trace, "z", scorer.dJ_dh * scorer.h).mistake == ACTIVATION_NOT_DERIVATIVE
    assert graded(trace, "z", scorer.dJ_dh).mistake == UPSTREAM_ONLY
    assert graded(trace, "z", 1 - scorer.h ** 2).mistake == LOCAL_ONLY


def test_window_scorer_swapped_operands_at_u():
    scorer = Scorer()
    assert graded(scorer.trace, "u", scorer.dJ_du).correct
    # s = uᵀh: ∂s/∂u is h; using u itself in the true window's term swaps the operands.
    swapped = -scorer.u + scorer.h_c
    assert graded(scorer.trace, "u", swapped).mistake == SWAPPED_OPERANDS


def test_window_scorer_with_relu_names_max_wrong_input():
    scorer = Scorer("relu")
    assert graded(scorer.trace, "z", scorer.delta).correct
    routed_wrong = scorer.dJ_dh * (scorer.z <= 0)
    assert graded(scorer.trace, "z", routed_wrong).mistake == MAX_WRONG_INPUT


# ------------------------------------------------------------- the softmax classifier

@pytest.mark.parametrize("hidden", [0, 8])
def test_softmax_classifier_forgot_the_one(hidden):
    classifier = Classifier(hidden)
    assert graded(classifier.trace, "f", classifier.dJ_df).correct
    assert graded(classifier.trace, "f", classifier.y_hat).mistake == SOFTMAX_FORGOT_ONE


def test_softmax_classifier_transposed_and_sign_at_W():
    classifier = Classifier()
    right = np.outer(classifier.dJ_df, classifier.x)
    assert graded(classifier.trace, "W", right).correct
    assert graded(classifier.trace, "W", right.T).mistake == TRANSPOSED
    assert graded(classifier.trace, "W", -right).mistake == SIGN_FLIPPED


def test_softmax_classifier_with_a_hidden_layer_activation_at_z():
    classifier = Classifier(hidden=8)
    trace, U = classifier.trace, classifier.params["U"]
    h = value(trace, "h")
    dJ_dh = U.T @ classifier.dJ_df
    assert graded(trace, "z", dJ_dh * (1 - h ** 2)).correct
    assert graded(trace, "z", dJ_dh * h).mistake == ACTIVATION_NOT_DERIVATIVE


# ------------------------------------------------------------- through the stages

def test_a_transposed_shape_is_named_with_both_shapes():
    practice = Practice(Scorer().trace)
    while practice.current.label != "W":
        practice.reveal()
    feedback = practice.answer("20x8")
    assert feedback.mistake == TRANSPOSED
    assert "8×20" in feedback.message and "20×8" in feedback.message
    assert shape_mistake((8, 8), (8, 8)) is None


def test_a_cell_answer_is_named_at_that_cell():
    scorer = Scorer()
    practice = Practice(scorer.trace)
    while practice.current.label != "z":
        practice.reveal()
    assert practice.answer("8").correct
    cell = practice.cell
    feedback = practice.answer(str((scorer.dJ_dh * scorer.h)[cell]))
    assert not feedback.correct and feedback.mistake == ACTIVATION_NOT_DERIVATIVE
    assert practice.answer(repr(float(scorer.delta[cell]))).correct


def test_a_sign_pattern_answer_is_named():
    scorer = Scorer()
    practice = Practice(scorer.trace, detail="signs")
    while practice.current.label != "W":
        practice.reveal()
    practice.answer("8x20")
    flipped = "".join({1.0: "-", -1.0: "+", 0.0: "0"}[s] for s in np.sign(scorer.dJ_dW).ravel())
    feedback = practice.answer(flipped)
    assert feedback.mistake == SIGN_FLIPPED


def test_every_kind_is_recognised_somewhere_above():
    named = {MISSED_BRANCH_SUM, MAX_WRONG_INPUT, SWAPPED_OPERANDS, SIGN_FLIPPED, LOCAL_ONLY,
             UPSTREAM_ONLY, ACTIVATION_NOT_DERIVATIVE, TRANSPOSED, SOFTMAX_FORGOT_ONE}
    assert named == set(KINDS)


def test_no_mistake_gives_the_right_value():
    for trace in (preset_trace("lecture"), Scorer().trace, Classifier(8).trace):
        for question in practice_questions(trace):
            for mistake in question.mistakes:
                assert mistake.value.shape != question.shape or not np.allclose(
                    mistake.value, question.expected)
