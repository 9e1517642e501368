"""Word labels beside their points, drawn by one item in screen pixels: forty pyqtgraph
TextItems each re-laid out on every view change cost most of a frame."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QPainter

OFFSET_PX = 4  # the label starts this far right of its point


class WordLabels(pg.GraphicsObject):
    """Texts at data positions, painted unscaled (the view's zoom never stretches them)."""

    def __init__(self, colour: str = "#111111", point_size: float = 8.0) -> None:
        super().__init__()
        self._words: list[str] = []
        self._positions = np.empty((0, 2))
        self._colour = QColor(colour)
        self._font = QFont()
        self._font.setPointSizeF(point_size)

    def set_words(self, words: list[str], positions: np.ndarray) -> None:
        """Show `words[i]` at `positions[i]` (data coordinates)."""
        self.prepareGeometryChange()
        self._words = list(words)
        self._positions = np.asarray(positions, dtype=float).reshape(-1, 2)
        self.update()

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour)
        self.update()

    @property
    def words(self) -> list[str]:
        return list(self._words)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        if not len(self._positions):
            return QRectF()
        low, high = self._positions.min(axis=0), self._positions.max(axis=0)
        return QRectF(QPointF(*low), QPointF(*high))

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):  # noqa: N802, N803
        return None  # the labels never widen the view: the points decide it

    def paint(self, painter: QPainter, *args) -> None:
        if not self._words:
            return
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setFont(self._font)
        painter.setPen(self._colour)
        ascent = painter.fontMetrics().ascent() / 2 - 1
        for word, (x, y) in zip(self._words, self._positions):
            at = transform.map(QPointF(x, y))
            painter.drawText(QPointF(at.x() + OFFSET_PX, at.y() + ascent), word)
        painter.restore()
