"""Colour images of what the session computed: probabilities blended by class colour.

Only display colour mixing happens here; every value comes from the session.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtGui import QColor

# How far the heatmap goes from the background towards the class colour, so that the
# points drawn on top in full colour stand out from the regions around them.
LIGHT_STRENGTH = 0.62
DARK_STRENGTH = 0.5
EDGE_CELLS = 1.0  # hard regions blend over this many cells either side of a tie
DENSITY_FLOOR = 0.55  # the opacity of a cell holding a single point


def rgb(colours: Sequence[str]) -> np.ndarray:
    """Hex colours as a (K, 3) float array of 0–255 channels."""
    return np.array([QColor(colour).getRgb()[:3] for colour in colours], dtype=np.float32)


def blend_table(colours: np.ndarray, background: str, strength: float) -> np.ndarray:
    """The (K, 4) float32 table a blended heatmap is mixed from: each class's colour faded
    towards `background` by `strength` (0 = background, 1 = full colour), as blue, green,
    red and 0, the byte order of a 32-bit QImage. Made once per theme and class count."""
    base = rgb((background,))[0]
    faded = base + (colours - base) * np.float32(strength)
    return np.concatenate([faded[:, ::-1], np.zeros((len(colours), 1))], axis=1,
                          dtype=np.float32)


def blended_pixels(probabilities: np.ndarray, table: np.ndarray) -> np.ndarray:
    """(G, G, C) probabilities → (G, G, 4) uint8 blue, green, red, 255, ready for a 32-bit
    QImage: the `blend_table` rows weighted by probability (the probabilities sum to 1,
    so mixing faded colours is fading the mix). One product and one cast a frame."""
    rows, cols, classes = probabilities.shape
    mixed = probabilities.reshape(-1, classes).astype(np.float32, copy=False) @ table[:classes]
    np.clip(mixed, 0, 255, out=mixed)
    pixels = mixed.astype(np.uint8).reshape(rows, cols, 4)
    pixels[..., 3] = 255
    return pixels


def rgb_of(pixels: np.ndarray) -> np.ndarray:
    """The (G, G, 3) red, green, blue view of (G, G, 4) blue, green, red, alpha pixels."""
    return pixels[..., 2::-1]


def blended_image(probabilities: np.ndarray, colours: np.ndarray, background: str,
                  strength: float) -> np.ndarray:
    """(G, G, C) probabilities → (G, G, 3) uint8: class colours weighted by probability,
    faded towards `background` by `strength` (0 = background, 1 = full colour)."""
    return rgb_of(blended_pixels(probabilities, blend_table(colours, background, strength)))


def argmax_image(argmax: np.ndarray, colours: np.ndarray, background: str,
                 strength: float) -> np.ndarray:
    """(G, G) class indices → (G, G, 3) uint8: each cell in its class's faded colour."""
    return _faded(colours[argmax], background, strength)


def density_image(counts: np.ndarray, colours: np.ndarray) -> np.ndarray:
    """(S, S, C) point counts → (S, S, 4) uint8 RGBA: each cell in its classes' colours mixed
    by count, its opacity growing with the log of its count (empty cells transparent), so
    that both a lone point and a crowd of thousands read. Both plots draw the same counts
    in the same colours: the last image is kept and given again (read-only)."""
    key = (counts.shape, colours.tobytes())
    if _last_density[0] is counts and _last_density[1] == key:
        return _last_density[2]
    image = _density_image(counts, colours)
    image.setflags(write=False)
    _last_density[:] = [counts, key, image]
    return image


_last_density: list = [None, None, None]  # counts (kept: their identity is the key), colours, image


def _density_image(counts: np.ndarray, colours: np.ndarray) -> np.ndarray:
    total = counts.sum(axis=-1, dtype=np.float32)
    mixed = (counts.astype(np.float32) @ colours[:counts.shape[-1]]) / np.maximum(total, 1)[..., None]
    most = float(total.max()) if total.size else 0.0
    opacity = np.log1p(total) / np.log1p(most) if most else np.zeros_like(total)
    alpha = np.where(total > 0, DENSITY_FLOOR + (1 - DENSITY_FLOOR) * opacity, 0) * 255
    return np.concatenate([mixed, alpha[..., None]], axis=-1).clip(0, 255).astype(np.uint8)


def hard_image(probabilities: np.ndarray, argmax: np.ndarray, colours: np.ndarray,
               background: str, strength: float) -> np.ndarray:
    """(G, G, C) probabilities and their (G, G) argmax → (G, G, 3) uint8 hard regions: each
    cell in its likeliest class's faded colour, blended with the runner-up's within
    EDGE_CELLS of where the two tie. The edge then falls where the classes tie, between
    cells, and reads as a smooth line instead of a staircase of cells."""
    if probabilities.shape[-1] < 2 or min(probabilities.shape[:2]) < 2:
        return argmax_image(argmax, colours, background, strength)
    p = probabilities.astype(np.float32)
    rows, cols, classes = p.shape
    mixed = colours[argmax]
    # Only a cell next to another class can be within a cell of a tie: blend those alone.
    around = np.pad(argmax, 1, mode="edge")
    near = ((around[1:-1, 2:] != argmax) | (around[1:-1, :-2] != argmax)
            | (around[2:, 1:-1] != argmax) | (around[:-2, 1:-1] != argmax))
    row, col = np.nonzero(near)
    if row.size:
        top = argmax[row, col]
        others = p[row, col]  # a copy: fancy indexing
        others[np.arange(row.size), top] = -np.inf
        second = others.argmax(axis=-1)  # the runner-up
        # The gap p[top] − p[second] there and, for the same two classes, at the four
        # neighbours (the edges padded): its slope turns the gap into the distance to the
        # tie, in cells.
        flat = np.pad(p, ((1, 1), (1, 1), (0, 0)), mode="edge").reshape(-1)
        row_step = (cols + 2) * classes
        base = (row + 1) * row_step + (col + 1) * classes
        first, runner = base + top, base + second

        def gap(offset: int) -> np.ndarray:
            return flat[first + offset] - flat[runner + offset]

        slope = np.hypot((gap(classes) - gap(-classes)) / 2,
                         (gap(row_step) - gap(-row_step)) / 2)
        distance = gap(0) / np.maximum(slope, 1e-12)
        runner_up = 0.5 * np.clip(1.0 - distance / EDGE_CELLS, 0.0, 1.0)[:, None]
        mixed[row, col] += (colours[second] - mixed[row, col]) * runner_up
    return _faded(mixed, background, strength)


def diverging_image(values: np.ndarray, negative: str, zero: str, positive: str) -> np.ndarray:
    """(G, G) values → (G, G, 3) uint8 on a scale of ±max|value|, `zero` in the middle."""
    scale = float(np.max(np.abs(values))) if values.size else 0.0
    t = np.zeros_like(values, dtype=np.float32) if scale == 0 else (values / scale).astype(np.float32)
    ends = rgb((negative, zero, positive))
    weight = np.abs(t)[..., None]
    far = np.where(t[..., None] >= 0, ends[2], ends[0])
    return np.clip(ends[1] + (far - ends[1]) * weight, 0, 255).astype(np.uint8)


def _faded(colours: np.ndarray, background: str, strength: float) -> np.ndarray:
    base = rgb((background,))[0]
    return np.clip(base + (colours - base) * strength, 0, 255).astype(np.uint8)
