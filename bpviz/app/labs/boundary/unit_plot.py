"""One hidden unit's activation over the input plane, on a diverging scale, with the data faint on top."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize
from PySide6.QtWidgets import QWidget

from bpviz.app.labs.boundary.heatmap_image import diverging_image
from bpviz.app.labs.boundary.heatmap_item import HeatmapItem
from bpviz.app.labs.boundary.plot_style import (
    faded, heatmap_base, show_unit_on_axes, square_data_area, theme_plot,
)
from bpviz.app.labs.boundary.point_marks import PointMarks
from bpviz.app.theme import LIGHT, Theme
from bpviz.data.dataset import Dataset
from bpviz.labs.boundary.grid import display_unit

POINT_SIZE = 6
# Class marks that do not need colour: the heatmap's own colours would hide class colours.
CLASS_SYMBOLS = ("o", "s", "t", "d", "+", "x", "star", "t1", "p", "h")


class UnitPlot(pg.PlotWidget):
    """A (G, G) activation heatmap (row 0 at the bottom) covering the grid's extent, the data
    on top as one outlined shape per class."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = heatmap_base(self, HeatmapItem())
        self.theme = theme
        self.view = self.getViewBox()
        self.points = PointMarks(self, POINT_SIZE)
        self.unit = 1.0  # what coordinates are divided by to be drawn (see display_unit)
        self.values: np.ndarray | None = None
        self.extent: tuple[float, float, float, float] | None = None
        self.setMinimumSize(150, 150)
        self.set_theme(theme)

    def sizeHint(self) -> QSize:
        # pyqtgraph asks for 480 px high: the lab's word-wrapped right column would then
        # scroll even at full HD and cut this plot off; the stretch gives it the room there is.
        return QSize(200, 200)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        theme_plot(self, theme)
        if self.values is not None and self.extent is not None:
            self.show_unit(self.values, self.extent)

    def show_unit(self, values: np.ndarray, extent: tuple[float, float, float, float]) -> None:
        """Colour `values` blue (negative) to orange (positive), centred at 0."""
        self.values = values
        theme = self.theme
        resized = values.shape != getattr(self.image.image, "shape", (0, 0, 3))[:2]
        self.image.set_image(diverging_image(values, theme.negative, theme.zero, theme.positive))
        if resized or extent != self.extent:
            self.extent = extent
            self.unit = display_unit(extent)
            show_unit_on_axes(self, self.unit)
            xmin, xmax, ymin, ymax = (edge / self.unit for edge in extent)
            self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
            self.view.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
            square_data_area(self)  # the tick labels may have changed width

    def show_points(self, data: Dataset, extent: tuple[float, float, float, float]) -> None:
        """The data (at most a few thousand points: a sample of a big set) over `extent` as
        small outlined marks, one shape per class, so they read on any colour."""
        unit = display_unit(extent)
        pen = pg.mkPen(faded(self.theme.text, 0.75), width=1)
        brush = pg.mkBrush(None)

        def style(label: int, is_train: bool) -> dict:
            return {"pen": pen, "brush": brush,
                    "symbol": CLASS_SYMBOLS[label % len(CLASS_SYMBOLS)]}
        self.points.show_marks([(data.X, data.y, True)], data.num_classes, style, unit)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        square_data_area(self)
