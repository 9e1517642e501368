"""Practice mode's order, stages, score and hints: the questions follow the backward pass,
a branch is asked as its sum, an array asks its shape then a cell (or signs), and every
expected value is the ledger's."""

import numpy as np
import pytest

from bpviz.expression import build_circuit, trace_circuit
from bpviz.lessons.ledger import Ledger
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.practice import (
    CELL, CORRECTED, FIRST_TRY, REVEALED, SHAPE, SIGNS, VALUE, Practice, grade_answers,
    practice_questions,
)
from bpviz.lessons.practice_grading import AnswerError


def lecture_trace():
    return trace_circuit(build_circuit("(x+y)*max(y,z)", {"x": 1, "y": 2, "z": 0}))


def test_questions_follow_the_backward_pass_and_a_branch_is_asked_once_as_its_sum():
    questions = practice_questions(lecture_trace())
    assert [q.label for q in questions] == ["x+y", "max(y,z)", "z", "x", "y"]
    assert [float(q.expected) for q in questions] == [2, 3, 0, 2, 5]
    y = questions[-1]
    assert y.is_branch and [float(a.part.downstream) for a in y.arrivals] == [3, 2]
    assert y.line.text == "∂f/∂y = 2 + 3 = 5"
    assert [q.name for q in questions[:2]] == ["∂f/∂(x+y)", "∂f/∂max(y,z)"]


def test_each_question_is_asked_at_the_step_that_completes_it():
    trace = lecture_trace()
    for question in practice_questions(trace):
        step = trace.steps[question.step_index - 1]
        assert question.arrivals[-1].step is step
        assert np.array_equal(question.arrivals[-1].part.accumulated, question.expected)
        later = trace.steps[question.step_index:]
        assert not any(part.to == question.node for later_step in later
                       for part in later_step.contributions)


@pytest.mark.parametrize("lesson", [WindowScorerLesson, WindowClassifierLesson])
def test_every_expected_value_is_the_ledgers_line_and_the_final_gradient(lesson):
    trace = lesson().record()
    questions = practice_questions(trace)
    assert questions
    ledger = Ledger(trace)
    for question in questions:
        assert question.line is not None and np.array_equal(question.line.value,
                                                            question.expected)
        entry = ledger.entries[question.step_index - 1]
        assert question.line.text in [line.text for line in entry.lines + entry.sums]
    asked = {q.node for q in questions}
    receiving = {part.to for step in trace.steps[trace.forward_count:]
                 for part in step.contributions}
    assert asked == receiving


def test_a_scalar_pass_scores_first_try_corrected_and_revealed():
    practice = Practice(lecture_trace())
    assert practice.stage == VALUE and practice.prompt() == "∂f/∂(x+y) = ?"
    assert practice.answer("2").finished                      # x+y: first try
    wrong = practice.answer(2)                                 # max(y,z) is 3
    assert not wrong.correct and wrong.mistake == "swapped_operands"
    assert practice.answer("6/2").correct                      # corrected
    assert practice.reveal().revealed                          # z: revealed
    assert practice.answer(2.0).correct                        # x
    assert practice.answer("2+3").correct                      # y
    assert practice.done and practice.current is None
    assert (practice.score.first_try, practice.score.corrected, practice.score.revealed) \
        == (3, 1, 1)
    assert practice.outcomes == [FIRST_TRY, CORRECTED, REVEALED, FIRST_TRY, FIRST_TRY]


def test_an_answer_that_cannot_be_read_is_no_try():
    practice = Practice(lecture_trace())
    with pytest.raises(AnswerError):
        practice.answer("two")
    practice.answer("2")
    assert practice.outcomes == [FIRST_TRY]


def test_after_the_pass_nothing_more_is_asked():
    practice = Practice(lecture_trace())
    while not practice.done:
        practice.reveal()
    assert practice.score.revealed == 5 and practice.prompt() == ""
    with pytest.raises(AnswerError, match="over"):
        practice.answer("1")


def test_hints_give_one_factor_of_the_ledger_line_at_a_time():
    practice = Practice(lecture_trace())
    for _ in range(4):
        practice.reveal()
    assert practice.current.label == "y"
    assert practice.hints_left() == 2
    assert practice.hint() == "2 = 2"   # the sum's terms, in the cards' order
    assert practice.hint() == "3 = 3"
    assert practice.hint() is None and practice.hints_left() == 0
    practice.answer(5)
    assert practice.outcomes[-1] == FIRST_TRY


def test_hint_of_a_product_names_the_upstream_and_the_local_factor():
    trace = trace_circuit(build_circuit("sigmoid(w*x)", {"w": 2, "x": -1}))
    practice = Practice(trace)
    practice.answer("0.105")   # σ′(−2) = 0.104994
    assert practice.current.label == "w"
    assert practice.hint() == "∂f/∂(w*x) = 0.105"
    assert practice.hint() == "x = −1"


def test_an_array_asks_its_shape_then_a_cell_then_shows_it():
    trace = WindowScorerLesson().record()
    practice = Practice(trace)
    while practice.current.label != "W":
        practice.reveal()
    question = practice.current
    assert question.stages() == (SHAPE, CELL)
    assert practice.prompt() == "shape of ∂J/∂W?"
    assert not practice.answer("8x20").finished
    row, column = practice.cell
    assert practice.prompt() == f"∂J/∂W[{row}, {column}] = ? (counting from 0)"
    # the cell of largest magnitude, without a generator
    assert abs(question.expected[row, column]) == np.abs(question.expected).max()
    done = practice.answer(repr(float(question.expected[row, column])))
    assert done.correct and done.finished and "∂J/∂W = (8×20)" in done.message


def test_a_generator_chooses_the_cell_reproducibly():
    trace = WindowScorerLesson().record()
    cells = [Practice(trace, rng=np.random.default_rng(3)) for _ in range(2)]
    for practice in cells:
        while not practice.current.shape:
            practice.reveal()
    assert cells[0].cell == cells[1].cell


def test_the_sign_pattern_detail():
    trace = WindowClassifierLesson().record()
    practice = Practice(trace, detail=SIGNS)
    question = practice.current
    assert question.label == "f" and question.stages(SIGNS) == (SHAPE, SIGNS)
    practice.answer("4")
    assert practice.prompt() == "signs of ∂J/∂f (4 of +, -, 0)?"
    signs = "".join("+" if v > 0 else "-" for v in question.expected)
    assert practice.answer(signs).finished
    with pytest.raises(ValueError):
        Practice(trace, detail="everything")


def test_grading_a_dict_of_answers_in_backward_order():
    trace = lecture_trace()
    grading = grade_answers(trace, {"y": "2", "x": 2, "(x+y)*max(y,z)": 1})
    assert [(s.label, s.correct, s.mistake) for s in grading.steps] == [
        ("(x+y)*max(y,z)", True, None), ("x", True, None), ("y", False, "missed_branch_sum")]
    assert (grading.correct, grading.total) == (2, 3)


@pytest.mark.parametrize(("answers", "says"), [
    ({"w": 1}, "no node is labelled 'w'"),
    ({"x": "x+1"}, "the answer for 'x'"),
    ({"x": [1, [2]]}, "the answer for 'x'"),
])
def test_bad_answers_are_refused(answers, says):
    with pytest.raises(AnswerError, match=None) as error:
        grade_answers(lecture_trace(), answers)
    assert says in str(error.value)


def test_a_constant_and_an_ambiguous_label_are_refused():
    trace = trace_circuit(build_circuit("x*y + x*y + 2", {"x": 1, "y": 2}))
    with pytest.raises(AnswerError, match="2 nodes are labelled 'x\\*y'"):
        grade_answers(trace, {"x*y": 1})
    with pytest.raises(AnswerError, match="no gradient"):
        grade_answers(trace, {"2": 0})


def test_arrays_in_a_dict_of_answers():
    trace = WindowScorerLesson().record()
    question = next(q for q in practice_questions(trace) if q.label == "b")
    grading = grade_answers(trace, {"b": question.expected.tolist()})
    assert grading.correct == 1


def word_vector_traces():
    from bpviz.lessons.word_vector_catalog import WORD_KINDS, make_lesson
    return [make_lesson(kind).record() for kind in WORD_KINDS]


def test_every_lesson_can_be_practised_and_each_mistake_reads_back_as_itself():
    traces = [lecture_trace(), WindowScorerLesson().record(), WindowClassifierLesson().record(),
              *word_vector_traces()]
    for trace in traces:
        for question in practice_questions(trace):
            assert question.line is not None
            assert np.array_equal(question.line.value, question.expected)
            if not _unique_label(trace, question.label):
                continue  # a file of answers cannot name it
            for mistake in question.mistakes:
                (step,) = grade_answers(trace, {question.label: mistake.value.tolist()}).steps
                assert not step.correct and step.mistake == mistake.kind


def _unique_label(trace, label):
    return sum(info.label == label for info in trace.nodes) == 1


def test_the_stage_waits_at_a_step_until_its_gradients_are_answered():
    trace = lecture_trace()
    practice = Practice(trace)
    first_backward = trace.forward_count + 1
    assert not practice.blocks(first_backward - 1)       # the forward pass runs freely
    assert practice.blocks(first_backward)                # ∂f/∂(x+y), ∂f/∂max(y,z) asked
    assert practice.hidden() == {q.node for q in practice.questions}
    practice.answer(2)
    assert practice.blocks(first_backward)                # ∂f/∂max(y,z) still open
    practice.answer(3)
    assert not practice.blocks(first_backward) and practice.blocks(first_backward + 1)
    assert practice.hidden() == {q.node for q in practice.questions[2:]}
    while not practice.done:
        practice.reveal()
    assert not practice.blocks(len(trace.steps)) and practice.hidden() == frozenset()


@pytest.mark.parametrize("typed", ["8", "(8,)", "8x1", "8 × 1", "(8, 1)"])
def test_a_vectors_shape_may_be_written_as_the_column_the_ledger_draws(typed):
    practice = Practice(WindowScorerLesson().record())
    while practice.current.label != "h_c":
        practice.reveal()
    feedback = practice.answer(typed)
    assert feedback.correct and practice.stage == CELL
    assert feedback.message == "correct: ∂J/∂h_c is a vector of 8 (8×1 as a column)"


def test_a_vectors_shape_written_as_a_row_is_named_transposed():
    practice = Practice(WindowScorerLesson().record())
    while practice.current.label != "h_c":
        practice.reveal()
    feedback = practice.answer("1x8")
    assert not feedback.correct and feedback.mistake == "transposed"
    assert practice.stage == SHAPE  # named: try again


def test_a_shape_typed_for_a_scalar_or_a_cell_says_a_number_is_asked():
    practice = Practice(lecture_trace())
    with pytest.raises(AnswerError, match=r"∂f/∂\(x\+y\) is a single number \(a scalar\), "
                                          "not a shape such as '8x20'"):
        practice.answer("8x20")
    assert practice.score.done == 0 and practice.answer("2").correct  # no try counted
    cells = Practice(WindowScorerLesson().record())
    while cells.stage != CELL:
        cells.reveal() if not cells.current.shape else cells.answer("x".join(
            map(str, cells.current.shape)))
    with pytest.raises(AnswerError, match="a cell is a single number"):
        cells.answer("8x1")


@pytest.mark.parametrize(("given", "says"), [
    (True, "true is not a number"), (False, "false is not a number"),
    (None, "null is not a number")])
def test_a_non_number_is_refused_saying_what_it_is(given, says):
    with pytest.raises(AnswerError, match=says):
        grade_answers(lecture_trace(), {"x": given})


def test_one_node_answered_under_two_keys_is_refused():
    trace = WindowScorerLesson().record()
    with pytest.raises(AnswerError, match="the answers name one node twice, as 'u' and 'U'"):
        grade_answers(trace, {"u": "8", "U": "8"}, aliases={"U": "u"})
