"""The neuron view's graphics items: a unit (a circle with an optional value inside and a
selection halo behind it), a weight edge (a line that is easy to hover and click) and the
bundle that draws a connection's edges as one cached picture."""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPixmap, QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem, QGraphicsItem, QGraphicsSimpleTextItem, QStyleOptionGraphicsItem,
)

from bpviz.app.circuit_style import font
from bpviz.lessons.neurons import UnitKey

EDGE_HIT_WIDTH = 6.0  # pixels around a thin edge that still count as hovering it
EDGE_WIDTH = (0.4, 2.4)           # thinnest and extra width of an edge, by |value| / max
EDGE_ALPHA = (0.07, 0.73)         # faintest and extra opacity, by (|value| / max)²: weak
                                  # edges fade out so the strong ones stand clear
HALO_MARGIN = 4.5
LOOKS_KEPT = 3  # pictures an EdgeBundle keeps: the weights, their gradient, one more
MAX_PICTURE_PIXELS = 2_000_000  # a bigger picture (a deep zoom) is drawn, not kept (8 MB)
KEPT_TRANSFORMS = (QTransform.TransformationType.TxNone,  # a picture is kept at these
                   QTransform.TransformationType.TxTranslate,
                   QTransform.TransformationType.TxScale)


def centre_text(item: QGraphicsSimpleTextItem, centre: QPointF) -> None:
    """Move a text item so that its bounding box (as magnified) is centred on `centre`."""
    box, scale = item.boundingRect(), item.scale()
    item.setPos(centre.x() - scale * box.width() / 2, centre.y() - scale * box.height() / 2)


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


def edge_pen(value: float, strength: float, fade: float, positive: str, negative: str) -> QPen:
    """A weight's pen: its colour the sign, its width and opacity |value| / max (`strength`),
    `fade` times as opaque outside a selected connection."""
    colour = QColor(positive if value >= 0 else negative)
    colour.setAlphaF(fade * (EDGE_ALPHA[0] + EDGE_ALPHA[1] * strength * strength))
    return QPen(colour, EDGE_WIDTH[0] + EDGE_WIDTH[1] * strength)


class EdgeItem(QGraphicsItem):
    """One weight: where its line runs and a hit area a few pixels wide, so hovering a few
    pixels off still finds it. It paints nothing itself: its connection's EdgeBundle keeps
    what the edges show and draws all of their lines as one picture."""

    def __init__(self, connection: int, row: int, col: int, line: QLineF) -> None:
        super().__init__()
        self.connection, self.row, self.col = connection, row, col
        self.bundle: EdgeBundle | None = None  # the bundle that draws it, and its place there
        self.index = 0
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        self.set_line(line)

    @property
    def strength(self) -> float:
        """|value| / max: the strongest edges are drawn and hovered on top."""
        return self.bundle.strength(self.index) if self.bundle is not None else 0.0

    def line(self) -> QLineF:
        return QLineF(self._line)

    def pen(self) -> QPen:
        """The pen its line is drawn with."""
        return self.bundle.pen(self.index) if self.bundle is not None else QPen()

    def set_line(self, line: QLineF) -> None:
        """Run the weight along `line`; its hit area and bounds are computed here, once
        per layout, not at every repaint."""
        self.prepareGeometryChange()
        stroker = QPainterPathStroker()
        stroker.setWidth(EDGE_HIT_WIDTH)
        path = QPainterPath(line.p1())
        path.lineTo(line.p2())
        self._line = QLineF(line)
        self._hit_shape = stroker.createStroke(path)
        self._bounds = self._hit_shape.boundingRect()

    def shape(self) -> QPainterPath:
        return self._hit_shape

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        pass  # drawn by its EdgeBundle


class EdgeBundle(QGraphicsItem):
    """Every edge of one connection (hundreds of lines) drawn as one picture, kept as a
    pixmap in device pixels: a step that changes only the units over it repaints them over
    that pixmap. The last few looks are kept (the weights, their gradient), so stepping
    through a pass and back to its start draws no line again; only a new look, the layout
    or the zoom draws the lines again."""

    def __init__(self, edges: list[EdgeItem]) -> None:
        super().__init__()
        self.edges = edges
        for index, edge in enumerate(edges):
            edge.bundle, edge.index = self, index
        self._values = self._strengths = np.zeros(len(edges))
        self._fade, self._colours = 1.0, ("black", "black")
        self._order = list(range(len(edges)))  # drawing order: the strongest last
        self._bounds = QRectF()
        self._look: object = None  # what the edges show: the key of their picture
        self._pictures: OrderedDict[tuple, QPixmap] = OrderedDict()  # oldest first
        self.relayout()

    def relayout(self) -> None:
        """Take the edges' new lines (a resize moved the columns)."""
        self.prepareGeometryChange()
        bounds = QRectF()
        for edge in self.edges:
            bounds = bounds.united(edge.boundingRect())
        self._bounds = bounds
        self._pictures.clear()
        self.update()

    def restyle(self, values: np.ndarray, strengths: np.ndarray, fade: float, positive: str,
                negative: str) -> bool:
        """Show each edge's value (row-major) and strength, `fade` times as opaque, in
        the theme's `positive` and `negative` colours; False if that is what it shows.
        Nothing is drawn here: the picture is, when painted (or taken from those kept)."""
        look = (values.tobytes(), strengths.tobytes(), fade, positive, negative)
        if look == self._look:
            return False
        self._look = look
        self._values, self._strengths = values.tolist(), strengths.tolist()
        self._fade, self._colours = fade, (positive, negative)
        self._order = np.argsort(strengths, kind="stable").tolist()
        self.update()
        return True

    def strength(self, index: int) -> float:
        """Edge `index`'s |value| / max."""
        return float(self._strengths[index])

    def pen(self, index: int) -> QPen:
        """The pen edge `index` is drawn with."""
        return edge_pen(self._values[index], self._strengths[index], self._fade,
                        *self._colours)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        transform = painter.worldTransform()
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0  # the viewport's
        target = transform.mapRect(self._bounds)
        if (transform.type() not in KEPT_TRANSFORMS
                or target.width() * target.height() * ratio * ratio > MAX_PICTURE_PIXELS):
            self.draw_lines(painter)  # rotated, or too big to keep: drawn as it is
            return
        corner = QPointF(math.floor(target.left()), math.floor(target.top()))
        offset = target.topLeft() - corner  # the sub-pixel phase the picture is drawn at
        key = (self._look, transform.m11(), transform.m22(), round(offset.x(), 3),
               round(offset.y(), 3), ratio)
        picture = self._pictures.get(key)
        if picture is None:
            picture = self._picture(transform, corner, target, ratio, painter.renderHints())
            self._pictures[key] = picture
            while len(self._pictures) > LOOKS_KEPT:
                self._pictures.popitem(last=False)
        else:
            self._pictures.move_to_end(key)
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(corner, picture)
        painter.restore()

    def _picture(self, transform: QTransform, corner: QPointF, target: QRectF, ratio: float,
                 hints) -> QPixmap:
        """The lines drawn into a transparent pixmap whose top-left is `corner` on screen."""
        size = QSize(math.ceil(target.right() - corner.x()) + 1,
                     math.ceil(target.bottom() - corner.y()) + 1)
        picture = QPixmap(size * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHints(hints)
        painter.setTransform(transform * QTransform.fromTranslate(-corner.x(), -corner.y()))
        self.draw_lines(painter)
        painter.end()
        return picture

    def draw_lines(self, painter: QPainter) -> None:
        """Every edge's line with its pen, the strongest last (on top)."""
        for index in self._order:
            painter.setPen(self.pen(index))
            painter.drawLine(self.edges[index]._line)
