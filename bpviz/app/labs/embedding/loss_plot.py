"""The three panels' loss curves (mean per pair or entry of each step's batch), as the
session recorded them, on one plot with a log scale: their sizes differ by orders."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from bpviz.app.labs.boundary.plot_style import quiet_plot, theme_plot
from bpviz.app.labs.embedding.panel_colours import panel_colours
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.embedding import PANEL_TITLES, PANELS, EmbeddingSession


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
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Lines and axes in `theme`."""
        theme_plot(self, theme)
        self.legend.setLabelTextColor(theme.text)
        for panel, colour in panel_colours(theme).items():
            self.lines[panel].setPen(pg.mkPen(colour, width=2))

    def show_curves(self, session: EmbeddingSession) -> None:
        """Each panel's curve so far (log scale: only positive losses can be drawn)."""
        for panel, line in self.lines.items():
            curve = session.curve(panel)
            shown = curve.losses > 0
            line.setData(curve.steps[shown], curve.losses[shown])
