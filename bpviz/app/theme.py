"""Colours: light and dark palettes readable on a projector, safe for colour-blind viewers.

Forward values are green and gradients red, as in the lecture, taken from the
Okabe–Ito set (bluish green and vermillion stay apart for the common colour-vision
deficiencies). Heatmaps use a blue–orange diverging scale centred at zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True)
class Theme:
    """Every colour a view draws with."""

    name: str
    background: str
    panel: str
    text: str
    muted: str       # secondary text, dimmed nodes' outlines
    edge: str        # graph edges at rest
    forward: str     # values, the forward pass
    gradient: str    # gradients, the backward pass
    selection: str
    negative: str    # heatmap colour of the most negative value
    zero: str        # heatmap colour of 0
    positive: str    # heatmap colour of the most positive value


LIGHT = Theme("light", background="#ffffff", panel="#f4f4f4", text="#111111", muted="#8a8a8a",
              edge="#9a9a9a", forward="#009E73", gradient="#D55E00", selection="#CC79A7",
              negative="#0072B2", zero="#f7f7f7", positive="#E69F00")
DARK = Theme("dark", background="#1e1e1e", panel="#2a2a2a", text="#f0f0f0", muted="#8c8c8c",
             edge="#6e6e6e", forward="#2fd3a0", gradient="#ff7a33", selection="#e59cc8",
             negative="#56B4E9", zero="#303030", positive="#F0C040")
THEMES = {theme.name: theme for theme in (LIGHT, DARK)}


def diverging(theme: Theme, value: float, scale: float) -> QColor:
    """The heatmap colour of `value` on a scale of ±`scale`, zero in the middle."""
    # min/max, not np.clip: a step colours dozens of cells, and NumPy on one float is slow
    t = 0.0 if scale <= 0 else min(max(float(value / scale), -1.0), 1.0)  # NaN stays NaN
    far = QColor(theme.positive if t >= 0 else theme.negative)
    near = QColor(theme.zero)
    weight = abs(t)
    return QColor.fromRgbF(*(near_c + (far_c - near_c) * weight for near_c, far_c in
                             zip(near.getRgbF()[:3], far.getRgbF()[:3])))


# Class colours for scatter points and probability heatmaps: the Okabe–Ito set first
# (told apart by colour-blind viewers), then two of Paul Tol's for data with up to 10
# classes. The dark theme swaps the dark blue and black for lighter tones that read on it.
_LIGHT_CLASSES = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00",
                  "#56B4E9", "#F0E442", "#000000", "#882255", "#44AA99")
_DARK_CLASSES = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#D55E00",
                 "#0072B2", "#F0E442", "#DDDDDD", "#AA4499", "#44AA99")


def class_colours(theme: Theme, count: int) -> tuple[str, ...]:
    """`count` distinct class colours (hex) for `theme`, colour-blind safe for up to 8."""
    palette = _DARK_CLASSES if theme.name == "dark" else _LIGHT_CLASSES
    return tuple(palette[k % len(palette)] for k in range(count))
