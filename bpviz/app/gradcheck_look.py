"""How a parameter's gradient check looks on its card: a badge with the relative error,
green when it passed, amber when close, red when wrong; a ⚠ badge when kinks are near."""

from __future__ import annotations

from dataclasses import dataclass

from bpviz.app.theme import Theme
from bpviz.engine import ParameterCheck

PASS_BELOW = 1e-7   # the engine's own tolerance
CLOSE_BELOW = 1e-4  # suspicious but maybe rounding: amber


@dataclass(frozen=True)
class CheckLook:
    """Badge text and colour, tooltips, and how many entries lie within h of a kink."""

    text: str
    colour: str
    tooltip: str
    kinks: int
    kink_tooltip: str


def error_text(rel_error: float) -> str:
    """`1e-11`, `3e-05`, `0`."""
    return "0" if rel_error == 0 else f"{rel_error:.0e}"


def check_look(check: ParameterCheck | None, theme: Theme) -> CheckLook | None:
    """The look of `check` in `theme` (None: no check to show)."""
    if check is None:
        return None
    if check.passed(PASS_BELOW):
        colour, verdict = theme.forward, "passed"
    elif check.rel_error <= CLOSE_BELOW:
        colour, verdict = theme.positive, "close, but above 1e-7"
    else:
        colour, verdict = theme.gradient, "failed"
    tooltip = (f"gradient check of {check.label}: relative error {check.rel_error:.3g} "
               f"({verdict})")
    if check.within_noise and check.rel_error >= PASS_BELOW:
        tooltip += "\nthe difference is within the rounding noise of central differences"
    count = len(check.kinks)
    kink_tooltip = (f"a kink lies within h at {count} {'entry' if count == 1 else 'entries'}"
                    if count else "")
    return CheckLook(error_text(check.rel_error), colour, tooltip, count, kink_tooltip)
