"""The one error of the expression layer: what is wrong with a formula, and where."""

from __future__ import annotations

from bpviz.engine import NonFiniteError
from bpviz.errors import BpvizError


class ExpressionError(BpvizError):
    """A formula or its values cannot be used; the message ends in `at column N` when known.

    `column` is 1-based and counts characters of the text the user typed.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        self.column = column
        super().__init__(message if column is None else f"{message} at column {column}")


def non_finite_error(error: NonFiniteError, column: int | None) -> ExpressionError:
    """Say which subexpression first produced NaN or infinity (its label is its source text)."""
    if error.phase == "forward":
        what = f"{error.label} is not finite ({error.kind})"
    else:
        what = f"the gradient through {error.label} is not finite ({error.kind})"
    return ExpressionError(what, column)
