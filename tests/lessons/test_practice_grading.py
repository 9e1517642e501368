"""Reading a student's answer (numbers and expressions of numbers, never run as code) and
the tolerance that suits practice's four shown digits."""

import builtins

import numpy as np
import pytest

from bpviz.lessons.practice_grading import (
    ABSOLUTE, AnswerError, close, parse_answer, parse_shape, parse_signs, shown, signs_text,
    tolerance,
)


@pytest.mark.parametrize("answer", [2, 2.0, "2", "2.0", "4/2", " 4 / 2 ", "1+1", "2e0",
                                    "-(-2)", "0.5*4", "2**1"])
def test_every_equivalent_form_reads_as_the_same_number(answer):
    assert parse_answer(answer) == 2.0


@pytest.mark.parametrize(("text", "value"), [
    ("-0.5*3", -1.5), ("2e-3", 0.002), ("\u22120.5\u00d73", -1.5), ("3\u00b72", 6.0),
    ("-4", -4.0), ("1/4", 0.25), ("sigmoid(0)", 0.5),
])
def test_expressions_and_pasted_typography(text, value):
    assert parse_answer(text) == pytest.approx(value)


@pytest.mark.parametrize(("answer", "says"), [
    ("2*x", "without names such as 'x'"),
    ("__import__('os').system('echo hi')", "cannot read"),
    ("open('/etc/passwd')", "cannot read"),
    ("[1, 2]", "cannot read"),
    ("1/0", "cannot read"),
    ("9**9**9", "cannot read"),
    ("", "cannot read"),
    ("1" * 300, "too long"),
    (True, "true is not a number"),
    (None, "null is not a number"),
    (float("nan"), "not finite"),
    (10**400, "not finite"),
])
def test_what_is_not_a_number_is_refused_with_a_reason(answer, says):
    with pytest.raises(AnswerError, match=None) as error:
        parse_answer(answer)
    assert says in str(error.value)


def test_nothing_typed_is_run_as_code(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("eval and exec must not be called")
    for name in ("eval", "exec"):  # ast.parse compiles to a tree only
        monkeypatch.setattr(builtins, name, forbidden)
    assert parse_answer("4/2") == 2.0
    with pytest.raises(AnswerError):
        parse_answer("__import__('os')")


def test_tolerance_accepts_three_significant_digits_and_rejects_two():
    expected = 0.19661193324148185  # σ′(1), shown as 0.1966
    assert close(0.1966, expected) and close(0.197, expected)
    assert not close(0.2, expected) and not close(0.19, expected)
    assert close(-1.5, -1.5) and not close(1.5, -1.5)
    assert tolerance(1000.0) == pytest.approx(5.0)
    assert close(999.0, 1000.0) and not close(994.0, 1000.0)


def test_a_zero_gradient_takes_zero_and_nothing_else():
    assert close(0.0, 0.0) and close(-0.0, 0.0) and close(1e-12, 0.0)
    assert tolerance(0.0) == ABSOLUTE
    assert not close(1e-6, 0.0)


def test_arrays_are_graded_cell_by_cell_and_shape_must_match():
    expected = np.array([[1.0, -2.0], [0.0, 3.0]])
    assert close(expected * 1.001, expected)
    assert not close(expected + 1e-4, expected)  # the zero cell must be zero
    assert not close(expected.T, expected)
    assert not close(expected.ravel(), expected)


@pytest.mark.parametrize(("text", "shape"), [
    ("8x20", (8, 20)), ("8\u00d720", (8, 20)), ("(8, 20)", (8, 20)), ("20", (20,)),
    ("(20,)", (20,)), ("scalar", ()), (" 4 x 2 ", (4, 2)),
])
def test_shapes_as_typed(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize("text", ["8 by 20", "x", "8x", "-3"])
def test_a_shape_that_cannot_be_read(text):
    with pytest.raises(AnswerError, match="as a shape"):
        parse_shape(text)


def test_sign_patterns():
    assert np.array_equal(parse_signs("+ - 0 \u2212", 4), [1.0, -1.0, 0.0, -1.0])
    assert signs_text(np.array([[0.5, -2.0], [0.0, 3.0]])) == "+-0+"
    with pytest.raises(AnswerError, match="needs 3 signs"):
        parse_signs("+-", 3)
    with pytest.raises(AnswerError, match="not 'x'"):
        parse_signs("+x-", 3)


def test_values_are_shown_to_four_digits():
    assert shown(0.19661193324148185) == "0.1966"
    assert shown(-12.0) == "\u221212"
    assert shown(np.arange(3.0)).startswith("(3) [0, 1, 2")
