"""How a parameter's gradient check looks on its card: a badge with the relative error,
green when it passed, amber when close or when elements at a kink were exempt, red when
wrong; a ⚠ badge when kinks are near, saying how many elements were exempt."""

from __future__ import annotations

from dataclasses import dataclass

from bpviz.app.theme import Theme
from bpviz.engine import ParameterCheck
from bpviz.formatting import scientific
from bpviz.lessons.inspection import gradcheck_row

PASS_BELOW = 1e-7   # the engine's own tolerance
CLOSE_BELOW = 1e-4  # suspicious but maybe rounding: amber


@dataclass(frozen=True)
class CheckLook:
    """Badge text and colour, tooltips, and how many elements lie within h of a kink."""

    text: str
    colour: str
    tooltip: str
    kinks: int
    kink_tooltip: str


def error_text(rel_error: float) -> str:
    """`1e−11`, `3e−5`, `0`: one significant digit, as the badge has room for."""
    return scientific(rel_error, 0)


def check_look(check: ParameterCheck | None, theme: Theme) -> CheckLook | None:
    """The look of `check` in `theme` (None: no check to show)."""
    if check is None:
        return None
    row = gradcheck_row(check)
    if row.tone == "kink":  # passed only because elements at a kink were exempt: never green
        colour, verdict = theme.positive, "over all elements, kinked ones included"
    elif row.passed:
        colour, verdict = theme.forward, "passed"
    elif check.checked_rel_error <= CLOSE_BELOW:
        colour, verdict = theme.positive, "close, but above 1e-7"
    else:
        colour, verdict = theme.gradient, "failed"
    tooltip = (f"gradient check of {check.label}: relative error {check.rel_error:.3g} "
               f"({verdict})")
    if row.kinks:
        tooltip += "\n" + row.reason
    elif check.within_noise and check.rel_error >= PASS_BELOW:
        tooltip += "\nthe difference is within the rounding noise of central differences"
    return CheckLook(error_text(check.rel_error), colour, tooltip, row.kinks,
                     row.reason if row.kinks else "")
