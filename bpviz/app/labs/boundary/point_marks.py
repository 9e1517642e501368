"""The data on a lab plot, drawn the way scientific plotting tools draw many points.

One scatter item per class and part, each with a single pen, brush and symbol, so that
pyqtgraph renders the symbol once and stamps it (pixel mode) instead of styling every
point; past SCATTER_LIMIT points, a density image of every point instead (see
bpviz.labs.boundary.point_density), built once per data set. The scatters are stamped
together into one pixmap (a MarkLayer), kept until the marks or the view change: the
heatmap under them changes every frame, and twelve separately cached scatters cost
twelve blits of the whole data area a paint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QTransform
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
        self.layer = MarkLayer()
        plot.addItem(self.layer)
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
                self.layer.remove(self.scatters.pop(key))
        for key in list(self.halos):
            if key not in wanted or halo is None:
                self.layer.remove(self.halos.pop(key))
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
        self.layer.changed()

    def _scatter(self, items: dict, key: tuple[int, bool], size: float,
                 z: float) -> pg.ScatterPlotItem:
        """The scatter item of `key` in `items`, made on first use (training parts on top)."""
        scatter = items.get(key)
        if scatter is None:
            scatter = MarkScatter(size=size, pxMode=True)
            scatter.setZValue((2 if key[1] else 0) + z)
            self.layer.add(scatter)
            items[key] = scatter
        return scatter

    def show_density(self, density: PointDensity, colours: Sequence[str],
                     unit: float = 1.0) -> None:
        """Every point as a density image over `density.extent` (divided by `unit`)."""
        for scatter in [*self.scatters.values(), *self.halos.values()]:
            self.layer.remove(scatter)
        self.scatters, self.halos = {}, {}
        self.layer.changed()
        self.image.setImage(density_image(density.counts, rgb(colours)), autoLevels=False,
                            levels=(0, 255))
        xmin, xmax, ymin, ymax = (edge / unit for edge in density.extent)
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self.image.show()

    def count(self) -> int:
        """How many points are marked one by one (0 while the density image is shown)."""
        return sum(len(scatter.data) for scatter in self.scatters.values())


class MarkLayer(pg.GraphicsObject):
    """Scatter items stamped together into one pixmap in device pixels, kept until they
    change (`changed`), the view moves or the device does: one blit a paint instead of
    one per scatter. Its scatters are hidden children that it paints itself, in z order;
    for an export (SVG) it paints them directly, as shapes."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
        self.renders = 0  # how often the pixmap was drawn anew (for tests)
        self._pixmap: QPixmap | None = None
        self._key: tuple | None = None
        self._origin = QPoint()

    def add(self, scatter: pg.ScatterPlotItem) -> None:
        """Take `scatter` into the layer (its z value orders it among the others)."""
        scatter.setParentItem(self)
        scatter.hide()  # painted by the layer, never by the scene

    def remove(self, scatter: pg.ScatterPlotItem) -> None:
        """Drop `scatter` from the layer and the scene."""
        scatter.setParentItem(None)
        if scatter.scene() is not None:
            scatter.scene().removeItem(scatter)
        self.changed()

    def changed(self) -> None:
        """The marks changed: stamp them anew at the next paint."""
        self._key = None
        self.update()

    def boundingRect(self) -> QRectF:
        view = self.viewRect()  # the data area: marks beyond it are clipped by the view
        return QRectF() if view is None else view

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewTransformChanged()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        marks = sorted(self.childItems(), key=lambda item: item.zValue())
        if self._exportOpts is not False:  # an export: every mark as a shape
            self._paint_marks(painter, marks, option, widget)
            return
        transform = painter.transform()
        area = transform.mapRect(self.boundingRect()).toAlignedRect().adjusted(-1, -1, 1, 1)
        ratio = painter.device().devicePixelRatioF()
        key = (transform, area, ratio)
        if key != self._key:
            self._pixmap = QPixmap(round(area.width() * ratio), round(area.height() * ratio))
            self._pixmap.setDevicePixelRatio(ratio)
            self._pixmap.fill(Qt.GlobalColor.transparent)
            stamp = QPainter(self._pixmap)
            stamp.setRenderHints(painter.renderHints())
            # The marks where they land on the device, shifted to the pixmap's corner.
            stamp.setTransform(transform * QTransform.fromTranslate(-area.left(), -area.top()))
            self._paint_marks(stamp, marks, option, widget)
            stamp.end()
            self._key, self._origin = key, area.topLeft()
            self.renders += 1
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(self._origin, self._pixmap)
        painter.restore()

    @staticmethod
    def _paint_marks(painter: QPainter, marks: list, option, widget) -> None:
        base = painter.transform()
        for mark in marks:
            painter.save()
            painter.setTransform(mark.transform() * base)  # a mark's own offset, if any
            mark.paint(painter, option, widget)
            painter.restore()

