"""What the pitfall page draws of a run, computed here so the widgets only paint it: the
class probabilities over the word space, the decision boundary as a segment, the box."""

from __future__ import annotations

import numpy as np

from bpviz.labs.pitfall.runs import Run
from bpviz.labs.pitfall.task import LARGE_TRAIN

Extent = tuple[float, float, float, float]  # x0, x1, y0, y1


def task_words() -> tuple[str, ...]:
    """Every topic word of the task, in order of first use (the words the page marks)."""
    return tuple(dict.fromkeys(example.word for example in LARGE_TRAIN))


def screen_grid(run: Run, extent: Extent, size: int) -> np.ndarray:
    """P(screen) at size × size points covering `extent`; row 0 is the bottom row."""
    x0, x1, y0, y1 = extent
    xs, ys = np.linspace(x0, x1, size), np.linspace(y0, y1, size)
    points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    return run.probabilities(points)[:, 0].reshape(size, size)


def boundary_segment(run: Run, extent: Extent) -> np.ndarray | None:
    """The part of the boundary w·x + c = 0 inside `extent`, as 2×2 (two points), or None
    when it misses the box (every word there gets one class)."""
    w, c = run.boundary()
    x0, x1, y0, y1 = extent
    found: list[tuple[float, float]] = []
    if abs(w[1]) > 1e-12:  # crossings of the left and right edges
        found += [(x, -(c + w[0] * x) / w[1]) for x in (x0, x1)]
    if abs(w[0]) > 1e-12:  # of the bottom and top edges
        found += [(-(c + w[1] * y) / w[0], y) for y in (y0, y1)]
    inside = [p for p in found if x0 - 1e-9 <= p[0] <= x1 + 1e-9 and y0 - 1e-9 <= p[1] <= y1 + 1e-9]
    if len(inside) < 2:
        return None
    points = np.array(inside)
    far = np.argmax(((points - points[0]) ** 2).sum(axis=1))
    return np.array([points[0], points[far]])


def word_extent(points: list[np.ndarray]) -> Extent:
    """A square box around `points` (arrays of n×2), with a margin."""
    stacked = np.vstack(points)
    low, high = stacked.min(axis=0), stacked.max(axis=0)
    centre, half = (low + high) / 2, (high - low).max() / 2 * 1.3 + 1e-6  # room for labels
    return (float(centre[0] - half), float(centre[0] + half), float(centre[1] - half),
            float(centre[1] + half))

