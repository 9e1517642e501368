"""Reading and grading a student's answer in practice mode: numbers or simple expressions of
numbers (`4/2`, `-0.5*3`, `2e-3`) read by the formula whitelist, never run as code, and a
tolerance suited to the precision practice shows its numbers with.

Tolerance: practice shows values to DISPLAY_DIGITS (4) significant digits; an answer is
correct when it is within RELATIVE (0.5 %) of the expected value, so any rounding to three
significant digits passes (0.197 for 0.196612) and so does a product of shown, rounded
numbers; a (nearly) zero expected value takes an answer within ABSOLUTE (1e-9).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from bpviz.errors import BpvizError
from bpviz.expression import ExpressionError, build_circuit, variable_names
from bpviz.formatting import number, shape_text

DISPLAY_DIGITS = 4
RELATIVE = 5e-3
ABSOLUTE = 1e-9
MAX_ANSWER_LENGTH = 200  # an answer is a number or a short expression of numbers
MAX_ANSWER_NODES = 50
# What a student may paste from the screen: the true minus sign and the product signs.
_TYPOGRAPHY = str.maketrans({"\u2212": "-", "×": "*", "·": "*", "\u2009": " "})
_SHAPE_SEPARATORS = str.maketrans({"x": ",", "×": ",", "*": ","})
_SIGN_CHARS = {"+": 1.0, "-": -1.0, "0": 0.0}


class AnswerError(BpvizError):
    """A student's answer that cannot be read; the message says what is wrong with it."""


def parse_answer(answer: str | int | float) -> float:
    """A number, or a string expression of numbers, as a float; AnswerError if it is not one.

    `2`, `2.0`, `"4/2"` all give 2.0; `"−0.5×3"` as pasted from the screen gives −1.5.
    """
    if isinstance(answer, bool) or not isinstance(answer, (int, float, str)):
        raise AnswerError(f"{_kind_of(answer)} is not a number: give a number or an "
                          "expression of numbers such as \"4/2\"")
    if isinstance(answer, str):
        return _expression_value(answer)
    try:
        value = float(answer)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise AnswerError(f"the answer {answer!r} is not finite")
    return value


def _kind_of(value: object) -> str:
    """What a non-number is, as the JSON of an answers file writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def _expression_value(text: str) -> float:
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerError(f"the answer is too long ({len(text):,} characters, at most "
                          f"{MAX_ANSWER_LENGTH})")
    typed = text.translate(_TYPOGRAPHY)
    try:
        names = variable_names(typed, MAX_ANSWER_NODES)
        if names:
            raise AnswerError(f"cannot read {text!r}: an answer is a number or an expression "
                              f"of numbers, without names such as '{names[0]}'")
        return build_circuit(typed, {}, MAX_ANSWER_NODES).value
    except ExpressionError as error:
        raise AnswerError(f"cannot read {text!r}: {error}") from None


def parse_shape(text: str) -> tuple[int, ...]:
    """A shape as typed: `8x20`, `8×20`, `(8, 20)`, `20`; `scalar` or `()` is ()."""
    if text.strip().lower() in ("scalar", "()", ""):
        return ()
    inner = text.strip().lower().removeprefix("(").removesuffix(")")
    sizes = [size.strip() for size in inner.translate(_SHAPE_SEPARATORS).split(",")]
    if sizes and sizes[-1] == "" and inner.rstrip().endswith(","):  # (8,) as Python writes it
        sizes.pop()
    if not sizes or not all(size.isascii() and size.isdigit() for size in sizes):
        raise AnswerError(f"cannot read {text!r} as a shape; write it like 8x20, 8 or (8, 20)")
    return tuple(int(size) for size in sizes)


def parse_signs(text: str, size: int) -> np.ndarray:
    """A sign pattern typed as one character per cell (`+-0+`, spaces ignored)."""
    typed = "".join(text.translate(_TYPOGRAPHY).split())
    unknown = sorted(set(typed) - set(_SIGN_CHARS))
    if unknown:
        raise AnswerError(f"a sign pattern is made of +, - and 0, not {unknown[0]!r}")
    if len(typed) != size:
        raise AnswerError(f"the sign pattern needs {size} signs, one per cell, not {len(typed)}")
    return np.array([_SIGN_CHARS[char] for char in typed])


def signs_text(values: np.ndarray) -> str:
    """`+-0+`: the sign of each cell, row by row, as typed in a sign-pattern answer."""
    return "".join("+" if v > 0 else "-" if v < 0 else "0" for v in np.ravel(values))


def tolerance(expected: float) -> float:
    """How far a correct answer may be from `expected` (see the module's docstring)."""
    return max(RELATIVE * abs(float(expected)), ABSOLUTE)


def close(answer, expected) -> bool:
    """Whether `answer` agrees with `expected` within the tolerance, cell by cell (same shape)."""
    answer, expected = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    if answer.shape != expected.shape:
        return False
    limit = np.maximum(RELATIVE * np.abs(expected), ABSOLUTE)
    return bool(np.all(np.abs(answer - expected) <= limit))


def shown(value) -> str:
    """A value as practice shows it: DISPLAY_DIGITS significant digits, shape for an array."""
    array = np.asarray(value)
    if array.ndim == 0:
        return number(array, DISPLAY_DIGITS)
    cells = ", ".join(number(v, DISPLAY_DIGITS) for v in array.ravel()[:6])
    more = ", …" if array.size > 6 else ""
    return f"({shape_text(array.shape)}) [{cells}{more}]"


def shape_answer_text(shape: Sequence[int]) -> str:
    """`8×20`, `8`, or `scalar`: a shape as practice writes it."""
    return shape_text(shape)
