"""A small rounded label pinned to a node's corner: a gradient check's relative error or
a kink warning."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from bpviz.app.circuit_style import SMALL_FONT_PT, font
from bpviz.app.plain_text import plain_tooltip


class BadgeItem(QGraphicsItem):
    """Text on a coloured pill; `set_badge("", …)` hides it."""

    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self._font = font(SMALL_FONT_PT - 0.5, bold=True)
        self._text = ""
        self._fill = QColor()
        self._ink = QColor()
        self._rect = QRectF()
        self.setVisible(False)
        self.setZValue(2)

    @property
    def text(self) -> str:
        return self._text

    def set_badge(self, text: str, fill: QColor, ink: QColor, tooltip: str = "") -> None:
        """Show `text` in `ink` on `fill`, with a tooltip."""
        self.prepareGeometryChange()
        self._text, self._fill, self._ink = text, QColor(fill), QColor(ink)
        metrics = QFontMetricsF(self._font)
        self._rect = QRectF(0, 0, metrics.horizontalAdvance(text) + 12, metrics.height() + 2)
        self.setToolTip(plain_tooltip(tooltip))  # it may name the user's words
        self.setVisible(bool(text))
        self.update()

    def width(self) -> float:
        return self._rect.width()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        radius = self._rect.height() / 2
        painter.setPen(QPen(self._ink, 1.0))
        painter.setBrush(self._fill)
        painter.drawRoundedRect(self._rect, radius, radius)
        painter.setFont(self._font)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)
