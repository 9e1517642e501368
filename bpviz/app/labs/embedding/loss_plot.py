"""The three panels' loss curves (mean per pair or entry of each step's batch), as the
session recorded them, on one plot with a log scale: their sizes differ by orders."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from bpviz.app.labs.boundary.plot_style import quiet_plot, theme_plot
from bpviz.app.labs.embedding.panel_colours import panel_colours
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.embedding import PANEL_TITLES, PANELS, EmbeddingSession


ROUND_STEPS = (1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0)  # the step axis ends at one of these × 10ᵏ


class LossPlot(pg.PlotWidget):
    """Loss against step, one line per panel, with a legend."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        quiet_plot(self)
        self.setLogMode(y=True)
        self.getPlotItem().showGrid(x=False, y=True, alpha=0.15)
        self.setLabel("bottom", "step")
        self.legend = self.addLegend(offset=(-10, 10))
        self.lines = {panel: self.plot([], [], name=PANEL_TITLES[panel]) for panel in PANELS}
        self.setMinimumHeight(110)
        self.getViewBox().disableAutoRange()  # framed by `_frame`, in jumps
        self._x_end, self._y_range = 0.0, (0.0, 0.0)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Lines and axes in `theme`."""
        theme_plot(self, theme)
        self.legend.setLabelTextColor(theme.text)
        for panel, colour in panel_colours(theme).items():
            self.lines[panel].setPen(pg.mkPen(colour, width=2))

    def show_curves(self, session: EmbeddingSession) -> None:
        """Each panel's curve so far (log scale: only positive losses can be drawn)."""
        last, low, high = 0.0, np.inf, -np.inf
        for panel, line in self.lines.items():
            curve = session.curve(panel)
            shown = curve.losses > 0
            steps, losses = curve.steps[shown], curve.losses[shown]
            line.setData(steps, losses)
            if len(losses):
                last = max(last, float(steps[-1]))
                low, high = min(low, float(losses.min())), max(high, float(losses.max()))
        self._frame(last, low, high)

    def _frame(self, last: float, low: float, high: float) -> None:
        """Show steps up to a round number ahead of the last one and whole decades of
        loss, changed only when the curves leave them: a new range redraws both axes,
        most of a frame's drawing."""
        if not (np.isfinite(low) and np.isfinite(high)):
            return
        x_end, y_range = self._x_end, (np.floor(np.log10(low)), np.ceil(np.log10(high)))
        if not 0 < last <= x_end or last < x_end / 4:
            wanted = max(last, 1.0) * 1.25  # room for a quarter more before the next jump
            decade = 10.0 ** np.floor(np.log10(wanted))
            x_end = next(decade * step for step in ROUND_STEPS if decade * step >= wanted)
        if y_range[0] == y_range[1]:
            y_range = (y_range[0] - 1, y_range[1])
        if (x_end, y_range) != (self._x_end, self._y_range):
            self._x_end, self._y_range = x_end, y_range
            self.setRange(xRange=(0, x_end), yRange=y_range, padding=0)
