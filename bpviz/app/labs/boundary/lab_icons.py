"""Crisp vector icons for the lab's transport, drawn in the palette's text colour."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from bpviz.app.icon_canvas import painted_pixmap

ICON_SIZE = 18


def _triangle(painter: QPainter, left: float, right: float) -> None:
    painter.drawPolygon(QPolygonF([QPointF(left, 3), QPointF(left, 15), QPointF(right, 9)]))


def _play(painter: QPainter) -> None:
    _triangle(painter, 5, 15)


def _pause(painter: QPainter) -> None:
    painter.drawRect(QRectF(4.5, 3, 3, 12))
    painter.drawRect(QRectF(10.5, 3, 3, 12))


def _step(painter: QPainter) -> None:
    _triangle(painter, 3, 12)
    painter.drawRect(QRectF(12, 3, 2.2, 12))


def _epoch(painter: QPainter) -> None:
    _triangle(painter, 1.5, 8.5)
    _triangle(painter, 8, 15)
    painter.drawRect(QRectF(15, 3, 2, 12))


def _reset(painter: QPainter, colour: QColor) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(colour, 2.2))
    path = QPainterPath()
    path.arcMoveTo(QRectF(3, 3, 12, 12), 90)
    path.arcTo(QRectF(3, 3, 12, 12), 90, 290)
    painter.drawPath(path)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([QPointF(9, 0), QPointF(9, 6.5), QPointF(4.5, 3)]))


def _seed(painter: QPainter, colour: QColor) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(colour, 1.8))
    painter.drawRoundedRect(QRectF(2.5, 2.5, 13, 13), 3, 3)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    for x, y in ((6, 6), (12, 12), (9, 9), (12, 6), (6, 12)):
        painter.drawEllipse(QPointF(x, y), 1.4, 1.4)


_FILLED: dict[str, Callable[[QPainter], None]] = {
    "play": _play, "pause": _pause, "step": _step, "epoch": _epoch}
_STROKED: dict[str, Callable[[QPainter, QColor], None]] = {"reset": _reset, "seed": _seed}
SHAPES = tuple(_FILLED) + tuple(_STROKED)


def icon(shape: str, colour: QColor, disabled: QColor) -> QIcon:
    """The icon `shape` (one of SHAPES) in `colour`, greyed to `disabled` when disabled."""
    result = QIcon()
    result.addPixmap(_pixmap(shape, colour), QIcon.Mode.Normal)
    result.addPixmap(_pixmap(shape, disabled), QIcon.Mode.Disabled)
    return result


def _pixmap(shape: str, colour: QColor) -> QPixmap:
    if shape in _FILLED:
        return painted_pixmap(ICON_SIZE, colour, _FILLED[shape])
    return painted_pixmap(ICON_SIZE, colour, lambda painter: _STROKED[shape](painter, colour))
