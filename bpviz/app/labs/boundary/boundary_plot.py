"""One model's class regions over the plane: a probability heatmap with the data on top.

Clicks are reported in data coordinates, so the lab can add and remove points. Data too
large for a plot's arithmetic (past ±1e100) is drawn divided by a power of ten, and the
axes multiply it back (see bpviz.labs.boundary.grid.display_unit).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QWidget

from bpviz.app.labs.boundary.heatmap_item import HeatmapItem
from bpviz.app.labs.boundary.plot_style import (
    heatmap_base, show_unit_on_axes, square_data_area, theme_plot,
)
from bpviz.app.labs.boundary.point_marks import PointMarks
from bpviz.app.theme import LIGHT, Theme
from bpviz.data.dataset import Dataset
from bpviz.labs.boundary.grid import display_unit
from bpviz.labs.boundary.point_density import SCATTER_LIMIT, PointDensity

POINT_SIZE = 8


class BoundaryPlot(pg.PlotWidget):
    """A heatmap image (row 0 at the bottom, row-major) under filled train and hollow test points.

    `clicked(x, y, button)`: the user clicked the plot at data coordinates (x, y).
    """

    clicked = Signal(float, float, object)

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = heatmap_base(self, HeatmapItem())
        self.theme = theme
        self.view = self.getViewBox()
        self.points = PointMarks(self, POINT_SIZE)
        self.extent: tuple[float, float, float, float] | None = None
        self.unit = 1.0  # what coordinates are divided by to be drawn
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setMinimumSize(200, 200)
        theme_plot(self, theme)

    def set_theme(self, theme: Theme) -> None:
        """Background and axes in `theme` (the owner redraws the image and points)."""
        self.theme = theme
        theme_plot(self, theme)

    def show_image(self, pixels: np.ndarray, extent: tuple[float, float, float, float]) -> None:
        """Show a (G, G, 4) uint8 image of blue, green, red, 255 (see heatmap_image's
        blended_pixels), or a (G, G, 3) one of red, green, blue, covering `extent`
        (xmin, xmax, ymin, ymax)."""
        changed = pixels.shape[:2] != getattr(self.image.image, "shape", (0, 0))[:2]
        if pixels.shape[-1] == 4:
            self.image.set_pixels(pixels)
        else:
            self.image.set_image(pixels)
        if changed or extent != self.extent:
            self.set_extent(extent)
            xmin, xmax, ymin, ymax = (edge / self.unit for edge in extent)
            # After setImage: the rectangle is mapped through the image's size.
            self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))

    def set_extent(self, extent: tuple[float, float, float, float]) -> None:
        """Show the plane's square `extent` (the points are drawn in its display unit, so
        set it before them)."""
        if extent != self.extent:
            self.extent = extent
            self.unit = display_unit(extent)
            show_unit_on_axes(self, self.unit)
            xmin, xmax, ymin, ymax = (edge / self.unit for edge in extent)
            self.view.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
            square_data_area(self)  # the tick labels may have changed width

    def show_points(self, train: Dataset, test: Dataset, colours: list[str],
                    density: PointDensity | None = None) -> None:
        """Training points filled in their class colour, test points hollow rings; past
        SCATTER_LIMIT points together, `density` (every point, coloured by class) instead.
        Call `set_extent` first: the points are drawn in its display unit."""
        if density is not None and len(train) + len(test) > SCATTER_LIMIT:
            self.points.show_density(density, colours, self.unit)
            return
        background = pg.mkBrush(self.theme.background)

        def style(label: int, is_train: bool) -> dict:
            if is_train:
                return {"pen": None, "brush": pg.mkBrush(colours[label])}
            return {"pen": pg.mkPen(colours[label], width=2), "brush": background}
        # Ringed in the text colour: every point reads on any region (≥ 3:1).
        self.points.show_marks([(train.X, train.y, True), (test.X, test.y, False)],
                               len(colours), style, self.unit, halo=self.theme.text)

    def view_to_widget(self, x: float, y: float) -> QPointF:
        """Where the data point (x, y) is in this widget's coordinates (for tests and tooltips)."""
        point = QPointF(x / self.unit, y / self.unit)
        return self.mapFromScene(self.view.mapViewToScene(point)).toPointF()

    def _clicked(self, event) -> None:
        position = event.scenePos()
        if not self.view.sceneBoundingRect().contains(position):
            return
        point = self.view.mapSceneToView(position)
        button = event.button()
        if button in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            event.accept()
            self.clicked.emit(point.x() * self.unit, point.y() * self.unit, button)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        square_data_area(self)
