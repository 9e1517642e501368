"""The data and a grid of the input plane as the neural net's last hidden layer sees them.

As the net trains, the grid bends until a straight line separates the classes there.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from bpviz.app.mark_scatter import MarkScatter
from bpviz.app.labs.boundary.plot_style import faded, quiet_plot, theme_plot
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.boundary.grid import display_unit
from bpviz.labs.boundary.hidden_space import HiddenSpace

POINT_SIZE = 6
LEFT_AXIS_PX = 56  # room for a label and ticks such as "-1.5" or "-250"


class HiddenSpacePlot(pg.PlotWidget):
    """The mapped grid lines (one polyline, NaN-separated) under the mapped points, with one
    scatter item per class and part, so that moving points never rebuilds their brushes."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        quiet_plot(self)
        self.theme = theme
        self.grid = pg.PlotDataItem([], [], connect="finite")
        self.addItem(self.grid)
        self.scatters: dict[tuple[int, bool], pg.ScatterPlotItem] = {}
        self.colours: list[str] = []
        self._shown: HiddenSpace | None = None
        self._labels: tuple[str, str] | None = None
        self.getViewBox().enableAutoRange()
        # A fixed room for the left axis: sized to its tick labels, it changed with them as
        # the points moved, and each change laid the plot out again and repainted it twice.
        self.getAxis("left").setWidth(LEFT_AXIS_PX)
        self.getPlotItem().setDefaultPadding(0.05)
        self.setMinimumSize(180, 180)
        self.set_theme(theme)

    def sizeHint(self) -> QSize:
        # See UnitPlot.sizeHint: the column's stretch, not pyqtgraph's 480 px, sizes it.
        return QSize(240, 240)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        theme_plot(self, theme)
        self.grid.setPen(pg.mkPen(faded(theme.muted, 0.55), width=1))
        self.colours = []  # restyle the scatters at the next show_space

    def show_space(self, space: HiddenSpace, colours: list[str]) -> None:
        """Draw `space`: grid lines, then train points filled and test points hollow."""
        if space is self._shown and colours == self.colours:
            return  # the session mapped nothing new: one redraw when several views ask
        self._shown = space
        lines = [np.vstack([line, [np.nan, np.nan]]) for line in space.grid_lines]
        joined = np.vstack(lines) if lines else np.empty((0, 2))
        # A net without hidden layers shows the input plane: it may reach ±1e308.
        largest = float(np.nanmax(np.abs(joined))) if len(joined) else 0.0
        unit = display_unit((-largest, largest, -largest, largest))
        self.grid.setData(joined[:, 0] / unit, joined[:, 1] / unit, connect="finite")
        if colours != self.colours:
            self._style_scatters(colours)
        for (label, is_train), scatter in self.scatters.items():
            chosen = (space.labels == label) & (space.is_train == is_train)
            scatter.setData(pos=space.points[chosen] / unit)
        # pyqtgraph draws axis labels as HTML; the axes may be the CSV file's header names.
        times = "" if unit == 1 else f" (× {unit:g})"
        labels = (html.escape(space.axes[0]) + times, html.escape(space.axes[1]) + times)
        if labels != self._labels:  # a label set again is laid out again
            self._labels = labels
            self.setLabel("bottom", labels[0])
            self.setLabel("left", labels[1])
        self._fit_range()

    def _fit_range(self) -> None:
        """The range that fits the new points, applied now: left to the paint, it changes
        while the plot is painted, and Qt paints the plot a second time."""
        view = self.getViewBox()
        view.updateAutoRange()
        view.updateMatrix()

    def _style_scatters(self, colours: list[str]) -> None:
        for scatter in self.scatters.values():
            self.removeItem(scatter)
        self.colours = list(colours)
        self.scatters = {}
        for is_train in (False, True):  # training points drawn last, on top
            for label, colour in enumerate(colours):
                scatter = (MarkScatter(size=POINT_SIZE, pen=pg.mkPen(self.theme.background,
                                                                     width=0.8),
                                       brush=pg.mkBrush(colour))
                           if is_train else
                           MarkScatter(size=POINT_SIZE, pen=pg.mkPen(colour, width=1.5),
                                       brush=pg.mkBrush(self.theme.background)))
                self.addItem(scatter)
                self.scatters[(label, is_train)] = scatter
