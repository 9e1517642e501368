"""One run's word space: the classes' regions, the decision boundary, the task's words and
the trails of TV, telly and television. Everything drawn comes from bpviz.labs.pitfall."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from bpviz.app.labs.boundary.plot_style import heatmap_base, theme_plot
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.pitfall.picture import Extent

GRID = 64
TRAIL_COLOURS = {"TV": "#0072B2", "telly": "#009E73", "television": "#D55E00"}
LABEL_ANCHORS = {"TV": (0, 1), "telly": (0, 0), "television": (1, 0)}  # apart when together


class WordSpacePlot(pg.PlotWidget):
    """A square plot of the word space with P(screen) shaded from "week" to "screen"."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.image = heatmap_base(self)
        self.getViewBox().setAspectLocked(False)  # the box is square: fill the plot with it
        self.boundary = self.plot([], [], pen=pg.mkPen(theme.text, width=2))
        self.dots = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(theme.muted))
        self.addItem(self.dots)
        self.trails: dict[str, pg.PlotDataItem] = {}
        self.labels: dict[str, pg.TextItem] = {}
        self.heads: dict[str, pg.ScatterPlotItem] = {}  # where each word is now
        for word, colour in TRAIL_COLOURS.items():
            self.trails[word] = self.plot([], [], pen=pg.mkPen(colour, width=2))
            self.heads[word] = pg.ScatterPlotItem(size=10, pen=pg.mkPen(theme.background),
                                                  brush=pg.mkBrush(colour))
            self.addItem(self.heads[word])
            label = pg.TextItem(word, color=colour, anchor=LABEL_ANCHORS[word])
            self.addItem(label)
            self.labels[word] = label
        self.setMinimumSize(220, 220)
        theme_plot(self, theme)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        theme_plot(self, theme)
        self.boundary.setPen(pg.mkPen(theme.text, width=2))
        self.dots.setBrush(pg.mkBrush(theme.muted))

    def show_run(self, screen: np.ndarray, extent: Extent, segment: np.ndarray | None,
                 dots: np.ndarray, trails: dict[str, np.ndarray]) -> None:
        """Draw P(screen) (a grid, row 0 at the bottom), the boundary segment, the task's
        words as dots and each word's trail (its positions so far, n×2)."""
        self.image.setImage(self._colours(screen), autoLevels=False, levels=(0, 255))
        x0, x1, y0, y1 = extent
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        if segment is None:
            self.boundary.setData([], [])
        else:
            self.boundary.setData(segment[:, 0], segment[:, 1])
        self.dots.setData(dots[:, 0], dots[:, 1])
        for word, trail in trails.items():
            self.trails[word].setData(trail[:, 0], trail[:, 1])
            self.heads[word].setData(trail[-1:, 0], trail[-1:, 1])
            self.labels[word].setPos(float(trail[-1, 0]), float(trail[-1, 1]))

    def _colours(self, screen: np.ndarray) -> np.ndarray:
        """Light "screen" orange where P(screen) is high, light "week" blue where it is low."""
        week, screen_colour, zero = (np.array(QColor(c).getRgb()[:3], dtype=float) for c in
                                     (self.theme.negative, self.theme.positive, self.theme.zero))
        t = screen[..., None]
        tint = t * screen_colour + (1 - t) * week
        return (0.35 * tint + 0.65 * zero).astype(np.uint8)
