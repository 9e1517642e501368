"""The word map's cheap items: every word as a dot, and the highlighted pair's arrows, each
drawn in one pass in screen pixels (a pyqtgraph scatter rebuilds a record per point on
every update, ArrowItems a path per head: most of a frame for three maps)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap, QPolygonF
# The array of pixmap fragments pyqtgraph's own scatter stamps its points with.
from pyqtgraph.Qt.internals import PrimitiveArray

HEAD_PX = 9      # an arrow head's length
HEAD_HALF = 0.45  # its half-width, as a share of its length


class WordPoints(pg.GraphicsObject):
    """Round dots of `size_px` pixels at data positions, one small pixmap stamped at each
    (as pyqtgraph's own scatter draws, without its per-point records)."""

    def __init__(self, size_px: int = 5) -> None:
        super().__init__()
        self._positions = np.empty((0, 2))
        self._size = size_px
        self._colour = QColor("#888888")
        self._dot = self._render_dot()
        self._fragments = PrimitiveArray(QPainter.PixmapFragment, 10)

    def _render_dot(self) -> QPixmap:
        side = self._size + 2
        dot = QPixmap(side, side)
        dot.fill(Qt.GlobalColor.transparent)
        painter = QPainter(dot)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._colour)
        painter.drawEllipse(QRectF(1, 1, self._size, self._size))
        painter.end()
        return dot

    def set_positions(self, positions: np.ndarray) -> None:
        """Draw a dot at each row of `positions` (data coordinates); non-finite rows are not
        drawn."""
        positions = np.asarray(positions, dtype=float).reshape(-1, 2)
        self.prepareGeometryChange()
        self._positions = positions[np.isfinite(positions).all(axis=1)]
        self.update()

    def set_colour(self, colour: QColor | str) -> None:
        self._colour = QColor(colour)
        self._dot = self._render_dot()
        self.update()

    def count(self) -> int:
        return len(self._positions)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        if not len(self._positions):
            return QRectF()
        low, high = self._positions.min(axis=0), self._positions.max(axis=0)
        return QRectF(QPointF(*low), QPointF(*high))

    def paint(self, painter: QPainter, *args) -> None:
        count = len(self._positions)
        if not count:
            return
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        self._fragments.resize(count)
        fragments = self._fragments.ndarray()  # x, y (centre), source x, y, w, h, scale
        fragments[:, :2] = screen_points(transform, self._positions)  # x, y, rotation, opacity
        side = self._dot.width()
        fragments[:, 2:4] = 0.0
        fragments[:, 4:6] = side
        fragments[:, 6:8] = 1.0
        fragments[:, 8] = 0.0
        fragments[:, 9] = 1.0
        painter.drawPixmapFragments(*self._fragments.drawargs(), self._dot)
        painter.restore()


def screen_points(transform, positions: np.ndarray) -> np.ndarray:
    """`positions` (data coordinates) in pixels: a view maps them by a scale and a shift."""
    if transform.m12() or transform.m21():  # never in a ViewBox, but be exact
        return np.array([[p.x(), p.y()] for p in
                         (transform.map(QPointF(x, y)) for x, y in positions)]).reshape(-1, 2)
    return positions * (transform.m11(), transform.m22()) + (transform.dx(), transform.dy())


class Arrows(pg.GraphicsObject):
    """Arrows from data points to data points, with heads of HEAD_PX pixels; each arrow
    has its own colour (its line is drawn in `line_colour`)."""

    def __init__(self) -> None:
        super().__init__()
        self._starts = self._ends = np.empty((0, 2))
        self._colours: list[QColor] = []
        self._line = QPen(QColor("#111111"), 2)
        self._line.setCosmetic(True)

    def set_arrows(self, starts: np.ndarray, ends: np.ndarray, colours: list[QColor]) -> None:
        """One arrow from each row of `starts` to the same row of `ends`."""
        self.prepareGeometryChange()
        self._starts = np.asarray(starts, dtype=float).reshape(-1, 2)
        self._ends = np.asarray(ends, dtype=float).reshape(-1, 2)
        self._colours = list(colours)
        self.update()

    def set_line_colour(self, colour: QColor | str) -> None:
        self._line.setColor(QColor(colour))
        self.update()

    def count(self) -> int:
        return len(self._starts)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        if not len(self._starts):
            return QRectF()
        both = np.vstack([self._starts, self._ends])
        low, high = both.min(axis=0), both.max(axis=0)
        return QRectF(QPointF(*low), QPointF(*high))

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):  # noqa: N802, N803
        return None  # the arrows never widen the view: the points decide it

    def paint(self, painter: QPainter, *args) -> None:
        if not len(self._starts):
            return
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for start, end, colour in zip(self._starts, self._ends, self._colours):
            a, b = transform.map(QPointF(*start)), transform.map(QPointF(*end))
            dx, dy = b.x() - a.x(), b.y() - a.y()
            length = float(np.hypot(dx, dy))
            if not np.isfinite(length) or length < 1:
                continue
            painter.setPen(self._line)
            painter.drawLine(a, b)
            ux, uy = dx / length, dy / length
            base = QPointF(b.x() - ux * HEAD_PX, b.y() - uy * HEAD_PX)
            side = QPointF(-uy * HEAD_PX * HEAD_HALF, ux * HEAD_PX * HEAD_HALF)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(colour))
            painter.drawPolygon(QPolygonF([b, base + side, base - side]))
        painter.restore()
