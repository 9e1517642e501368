"""One model's class regions over the plane: a probability heatmap with the data on top.

Clicks are reported in data coordinates, so the lab can add and remove points.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QWidget

from bpviz.app.lab.plot_style import heatmap_base, square_data_area, theme_plot
from bpviz.app.theme import LIGHT, Theme
from bpviz.data.dataset import Dataset

POINT_SIZE = 8


class BoundaryPlot(pg.PlotWidget):
    """A heatmap image (row 0 at the bottom, row-major) under filled train and hollow test points.

    `clicked(x, y, button)`: the user clicked the plot at data coordinates (x, y).
    """

    clicked = Signal(float, float, object)

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = heatmap_base(self)
        self.theme = theme
        self.view = self.getViewBox()
        self.train_points = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True)
        self.test_points = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True)
        self.addItem(self.train_points)
        self.addItem(self.test_points)
        self.extent: tuple[float, float, float, float] | None = None
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setMinimumSize(200, 200)
        theme_plot(self, theme)

    def set_theme(self, theme: Theme) -> None:
        """Background and axes in `theme` (the owner redraws the image and points)."""
        self.theme = theme
        theme_plot(self, theme)

    def show_image(self, rgb: np.ndarray, extent: tuple[float, float, float, float]) -> None:
        """Show a (G, G, 3) uint8 image covering `extent` (xmin, xmax, ymin, ymax)."""
        self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
        if extent != self.extent:
            self.extent = extent
            xmin, xmax, ymin, ymax = extent
            self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
            self.view.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
            square_data_area(self)  # the tick labels may have changed width

    def show_points(self, train: Dataset, test: Dataset, colours: list[str]) -> None:
        """Training points filled in their class colour, test points hollow rings."""
        edge = pg.mkPen(self.theme.background, width=1)
        self.train_points.setData(
            pos=train.X, pen=edge, brush=[pg.mkBrush(colours[label]) for label in train.y.tolist()])
        self.test_points.setData(
            pos=test.X, brush=pg.mkBrush(self.theme.background),
            pen=[pg.mkPen(colours[label], width=2) for label in test.y.tolist()])

    def view_to_widget(self, x: float, y: float) -> QPointF:
        """Where the data point (x, y) is in this widget's coordinates (for tests and tooltips)."""
        return self.mapFromScene(self.view.mapViewToScene(QPointF(x, y))).toPointF()

    def _clicked(self, event) -> None:
        position = event.scenePos()
        if not self.view.sceneBoundingRect().contains(position):
            return
        point = self.view.mapSceneToView(position)
        button = event.button()
        if button in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            event.accept()
            self.clicked.emit(point.x(), point.y(), button)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        square_data_area(self)
