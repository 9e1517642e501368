"""The data on a lab plot, drawn the way scientific plotting tools draw many points.

One scatter item per class and part, each with a single pen, brush and symbol, so that
pyqtgraph renders the symbol once and stamps it (pixel mode) instead of styling every
point; past SCATTER_LIMIT points, a density image of every point instead (see
bpviz.labs.boundary.point_density), built once per data set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

from bpviz.app.mark_scatter import MarkScatter
from bpviz.app.labs.boundary.heatmap_image import density_image, rgb
from bpviz.labs.boundary.point_density import PointDensity

# (class, is_train) → the scatter's keyword arguments: pen, brush, symbol.
Style = Callable[[int, bool], dict]
Part = tuple[np.ndarray, np.ndarray, bool]  # X (N×2), labels (N,), training points?
HALO_PX = 1.5  # the width of the ring of ink around each mark, in screen pixels


class PointMarks:
    """The points of a plot, above its heatmap (z −10) and below anything added later."""

    def __init__(self, plot: pg.PlotWidget, size: float) -> None:
        self.plot, self.size = plot, size
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-5)
        self.image.hide()
        plot.addItem(self.image)
        self.scatters: dict[tuple[int, bool], pg.ScatterPlotItem] = {}
        self.halos: dict[tuple[int, bool], pg.ScatterPlotItem] = {}

    def show_marks(self, parts: Sequence[Part], classes: int, style: Style,
                   unit: float = 1.0, halo: str | None = None) -> None:
        """Mark each point, coordinates divided by `unit`; training parts drawn on top.
        `halo`: a colour to ring every mark with, so that it stands out from any region
        behind it (a green point on the green class region, too)."""
        self.image.hide()
        wanted = {(label, is_train) for label in range(classes) for _, _, is_train in parts}
        for key in list(self.scatters):
            if key not in wanted:
                self.plot.removeItem(self.scatters.pop(key))
        for key in list(self.halos):
            if key not in wanted or halo is None:
                self.plot.removeItem(self.halos.pop(key))
        for X, labels, is_train in sorted(parts, key=lambda part: part[2]):
            for label in range(classes):
                key, pos = (label, is_train), X[labels == label] / unit
                self._scatter(self.scatters, key, self.size, 1.0).setData(
                    pos=pos, **style(label, is_train))
                if halo is not None:
                    # Under the mark, and under every mark of its part: a crowd reads as
                    # its colours, ringed once around its edge.
                    self._scatter(self.halos, key, self.size + 2 * HALO_PX, 0.5).setData(
                        pos=pos, pen=None, brush=pg.mkBrush(halo))

    def _scatter(self, items: dict, key: tuple[int, bool], size: float,
                 z: float) -> pg.ScatterPlotItem:
        """The scatter item of `key` in `items`, made on first use (training parts on top)."""
        scatter = items.get(key)
        if scatter is None:
            scatter = MarkScatter(size=size, pxMode=True)
            scatter.setZValue((2 if key[1] else 0) + z)
            # The points stay put while the heatmap under them changes every frame: kept
            # as a pixmap, they are stamped again only when they or the view change.
            scatter.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.plot.addItem(scatter)
            items[key] = scatter
        return scatter

    def show_density(self, density: PointDensity, colours: Sequence[str],
                     unit: float = 1.0) -> None:
        """Every point as a density image over `density.extent` (divided by `unit`)."""
        for scatter in [*self.scatters.values(), *self.halos.values()]:
            self.plot.removeItem(scatter)
        self.scatters, self.halos = {}, {}
        self.image.setImage(density_image(density.counts, rgb(colours)), autoLevels=False,
                            levels=(0, 255))
        xmin, xmax, ymin, ymax = (edge / unit for edge in density.extent)
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self.image.show()

    def count(self) -> int:
        """How many points are marked one by one (0 while the density image is shown)."""
        return sum(len(scatter.data) for scatter in self.scatters.values())
