"""Small vector icons drawn by code: crisp on high-density screens, in any theme's colour."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

SCALE = 2  # drawn at twice the size, so icons stay sharp on high-density screens


def painted_pixmap(size: int, colour: QColor, draw: Callable[[QPainter], None]) -> QPixmap:
    """A transparent `size`×`size` pixmap; `draw` paints on it, filling with `colour`."""
    pixmap = QPixmap(size * SCALE, size * SCALE)
    pixmap.setDevicePixelRatio(SCALE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    draw(painter)
    painter.end()
    return pixmap
