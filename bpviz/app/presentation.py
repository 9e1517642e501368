"""The presentation zoom (Ctrl+= / Ctrl+− / Ctrl+0): one factor for every view, so a teacher
at a projector can make the circuit, the neurons, the ledger and the inspector legible
from the back of the room. The chosen step is remembered between runs."""

from __future__ import annotations

import re

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
DEFAULT_STEP = ZOOM_STEPS.index(1.0)
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")  # font sizes in our own style sheets


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
    return _POINTS.sub(lambda match: f"{float(match.group(1)) * factor:.1f}pt", css)
