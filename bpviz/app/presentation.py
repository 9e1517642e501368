"""The presentation zoom (Ctrl+= / Ctrl+− / Ctrl+0): one factor for every view, so a teacher
at a projector can make the circuit, the neurons, the ledger and the inspector legible
from the back of the room. The chosen step is remembered between runs."""

from __future__ import annotations

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
DEFAULT_STEP = ZOOM_STEPS.index(1.0)


def step_text(step: int) -> str:
    """How a zoom step is saved in the settings: its factor, `1.3`."""
    return f"{ZOOM_STEPS[step]:g}"


def step_of(text: str) -> int:
    """The step a saved factor names (the settings reader has checked it is one)."""
    return [step_text(step) for step in range(len(ZOOM_STEPS))].index(text)


def scaled_points(css: str, factor: float) -> str:
    """A style sheet (or rich text) of ours with every `Npt` font size times `factor`."""
    if factor == 1.0:
        return css
    pieces = css.split("pt")
    for index, piece in enumerate(pieces[:-1]):
        head = piece.rstrip("0123456789.")
        number = piece[len(head):]
        if number and number[0].isdigit():
            pieces[index] = f"{head}{float(number) * factor:.1f}"
    return "pt".join(pieces)
