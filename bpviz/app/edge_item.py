"""An edge of the circuit view: a curve from a parent's right side into its child, with
an arrowhead, drawn at rest, lit by the current step, or grey and dashed when no
gradient can flow along it."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from bpviz.app.circuit_style import DIMMED_OPACITY
from bpviz.app.theme import Theme
from bpviz.layout.layered import Edge

REST, FORWARD, BACKWARD, BLOCKED = "rest", "forward", "backward", "blocked"
ARROW = 7.0
CROSS = 8.0  # the × on a blocked edge


class EdgeItem(QGraphicsItem):
    """The edge `edge`, from `start` to `end` (scene coordinates). It runs level out to
    `leave_x` (the right side of the parent's column), level through each lane
    `(left, right, y)` of a column it skips, and in from `enter_x` (the left side of the
    child's), so it bends only in the gaps between columns, never across a card.

    The first `shared` lanes are drawn at rest by another edge of the same parent (the
    parent's trunk), so at rest this edge draws only from where it leaves the trunk;
    lit or blocked it draws its whole path. A long trunk is then drawn once, not once
    per edge along it."""

    def __init__(self, edge: Edge, start: QPointF, end: QPointF, theme: Theme,
                 leave_x: float | None = None, enter_x: float | None = None,
                 lanes: Sequence[tuple[float, float, float]] = (), shared: int = 0) -> None:
        super().__init__()
        self.edge = edge
        self.theme = theme
        self.state = REST
        tip = end - QPointF(ARROW - 1, 0)
        self._runs = [(start.x(), start.x() if leave_x is None else max(leave_x, start.x()),
                       start.y()),
                      *lanes,
                      (tip.x() if enter_x is None else min(enter_x, tip.x()), tip.x(), tip.y())]
        self._shared = max(0, min(shared, len(lanes)))
        self._path: QPainterPath | None = None
        self._rest_path = self.path if not self._shared else _through(self._runs[self._shared:])
        self._end = end
        self._bounds = self._bounds_of(self._rest_path)
        self.setZValue(-1)  # under the cards

    @property
    def path(self) -> QPainterPath:
        """The whole edge, parent to child (built when first asked for)."""
        if self._path is None:
            self._path = _through(self._runs)
        return self._path

    def _drawn_path(self) -> QPainterPath:
        return self._rest_path if self.state == REST else self.path

    @staticmethod
    def _bounds_of(path: QPainterPath) -> QRectF:
        return path.boundingRect().adjusted(-ARROW, -ARROW, ARROW + 2, ARROW)

    def set_state(self, state: str) -> None:
        """REST, FORWARD (a value is arriving), BACKWARD (a gradient leaves) or BLOCKED."""
        if state != self.state:
            if self._shared and REST in (state, self.state):
                self.prepareGeometryChange()  # the whole path or only the branch is drawn
                self._bounds = self._bounds_of(self.path if state != REST else self._rest_path)
            self.state = state
            self.update()

    def set_dimmed(self, dimmed: bool) -> None:
        self.setOpacity(DIMMED_OPACITY if dimmed else 1.0)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def colour(self) -> QColor:
        theme = self.theme
        return QColor({FORWARD: theme.forward, BACKWARD: theme.gradient}.get(
            self.state, theme.muted if self.state == BLOCKED else theme.edge))

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(6)
        return stroker.createStroke(self._drawn_path())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        colour = self.colour()
        lit = self.state in (FORWARD, BACKWARD)
        pen = QPen(colour, 2.6 if lit else 1.5)
        if self.state == BLOCKED:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._drawn_path())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(_arrowhead(self._end, ARROW + (1.5 if lit else 0)))
        if self.state == BLOCKED:
            _draw_cross(painter, self.path.pointAtPercent(0.5), QColor(self.theme.gradient),
                        QColor(self.theme.background))


def _draw_cross(painter: QPainter, centre: QPointF, colour: QColor, halo: QColor) -> None:
    """A small × on a blocked edge: no gradient gets through here."""
    arm = CROSS / 2
    for pen in (QPen(halo, 5.0), QPen(colour, 2.2)):
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(centre + QPointF(-arm, -arm), centre + QPointF(arm, arm))
        painter.drawLine(centre + QPointF(-arm, arm), centre + QPointF(arm, -arm))


def _through(runs: Sequence[tuple[float, float, float]]) -> QPainterPath:
    """Level runs `(from_x, to_x, y)` joined by horizontal S-curves."""
    first_x, end_x, y = runs[0]
    path = QPainterPath(QPointF(first_x, y))
    if end_x > first_x:
        path.lineTo(QPointF(end_x, y))
    for start_x, stop_x, next_y in runs[1:]:
        bend = max(abs(start_x - end_x) * 0.5, 12.0)
        path.cubicTo(QPointF(end_x + bend, y), QPointF(start_x - bend, next_y),
                     QPointF(start_x, next_y))
        if stop_x > start_x:
            path.lineTo(QPointF(stop_x, next_y))
        end_x, y = stop_x, next_y
    return path


def _arrowhead(tip: QPointF, length: float) -> QPolygonF:
    half = length * math.tan(math.radians(28))
    return QPolygonF([tip, QPointF(tip.x() - length, tip.y() - half),
                      QPointF(tip.x() - length, tip.y() + half)])
