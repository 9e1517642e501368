"""The neuron view's graphics items: a unit (a circle with an optional value inside and a
selection halo behind it) and a weight edge (a line that is easy to hover and click)."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem, QGraphicsItem, QGraphicsLineItem, QGraphicsSimpleTextItem,
)

from bpviz.app.circuit_style import font
from bpviz.lessons.neurons import UnitKey

EDGE_HIT_WIDTH = 6.0  # pixels around a thin edge that still count as hovering it
HALO_MARGIN = 4.5


def centre_text(item: QGraphicsSimpleTextItem, centre: QPointF) -> None:
    """Move a text item so that its bounding box is centred on `centre`."""
    box = item.boundingRect()
    item.setPos(centre.x() - box.width() / 2, centre.y() - box.height() / 2)


class UnitItem(QGraphicsEllipseItem):
    """One scalar unit: fill = its value, outline = the active step, halo = the selection."""

    def __init__(self, key: UnitKey, centre: QPointF, radius: float, show_value: bool) -> None:
        super().__init__(QRectF(-radius, -radius, 2 * radius, 2 * radius))
        self.key = key
        self.radius = radius
        self.setPos(centre)
        self.setZValue(10)
        halo_radius = radius + HALO_MARGIN
        self.halo = QGraphicsEllipseItem(
            QRectF(-halo_radius, -halo_radius, 2 * halo_radius, 2 * halo_radius))
        self.halo.setPos(centre)
        self.halo.setZValue(9)
        self.halo.setPen(Qt.PenStyle.NoPen)
        self.halo.setVisible(False)
        self.label = QGraphicsSimpleTextItem(self) if show_value else None
        if self.label is not None:
            self.label.setFont(font(10))

    def move_to(self, centre: QPointF) -> None:
        """Put the unit (and its halo) at `centre`."""
        self.setPos(centre)
        self.halo.setPos(centre)

    def show_value(self, text: str, colour: QColor) -> None:
        """Write `text` (a short number) centred in the circle."""
        if self.label is None:
            return
        self.label.setText(text)
        self.label.setBrush(colour)
        centre_text(self.label, QPointF(0, 0))

    def set_look(self, fill: QColor, outline: QPen) -> None:
        """Fill and outline in one go; pens and brushes are replaced, nothing is rebuilt."""
        self.setBrush(QBrush(fill))
        self.setPen(outline)

    def set_selected_look(self, selected: bool, colour: QColor) -> None:
        """Show or hide the selection halo."""
        self.halo.setBrush(QBrush(colour))
        self.halo.setVisible(selected)


class EdgeItem(QGraphicsLineItem):
    """One weight: colour = sign, width = magnitude; hovering a few pixels off still finds it."""

    def __init__(self, connection: int, row: int, col: int, line: QLineF) -> None:
        super().__init__()
        self.connection, self.row, self.col = connection, row, col
        self.set_line(line)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)

    def set_line(self, line: QLineF) -> None:
        """Draw the weight along `line`; its hit area and bounds are computed here, once
        per layout, not at every repaint."""
        self.prepareGeometryChange()
        stroker = QPainterPathStroker()
        stroker.setWidth(EDGE_HIT_WIDTH)
        path = QPainterPath(line.p1())
        path.lineTo(line.p2())
        self._hit_shape = stroker.createStroke(path)
        self._bounds = self._hit_shape.boundingRect()
        self.setLine(line)

    def shape(self) -> QPainterPath:
        return self._hit_shape

    def boundingRect(self) -> QRectF:
        return self._bounds
