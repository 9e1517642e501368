"""A small drawing of a classifier's layers: units as discs, weights as lines.

A line's colour is the sign of its weight and its strength the weight's size (as the
session holds them); hidden units can be clicked to show their own activation heatmap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from bpviz.app.theme import LIGHT, Theme

MAX_EDGES_PER_LAYER = 200   # beyond this only the strongest weights are drawn, to stay fast
STRENGTH_LEVELS = 6         # line widths and opacities a weight's size is shown with
LABEL_HEIGHT = 16
MARGIN = 14


@dataclass(frozen=True)
class Unit:
    """One disc: `layer` 0 is the input, 1.. the hidden layers, the last one the output."""

    layer: int
    index: int
    centre: QPointF
    radius: float


class NetworkDiagram(QWidget):
    """Units and weights of one classifier, drawn to fit the widget.

    `unit_clicked(layer, unit)`: a hidden unit was clicked (layer counts from 1).
    """

    unit_clicked = Signal(int, int)

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.sizes: tuple[int, ...] = ()
        self.weights: list[np.ndarray] = []
        self.output_colours: list[str] = []
        self.selected: tuple[int, int] | None = None
        self.units: list[Unit] = []
        self._labels_top = 0.0
        self.setMouseTracking(True)
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- public ----------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def show_network(self, sizes: tuple[int, ...], weights: list[np.ndarray],
                     output_colours: list[str]) -> None:
        """Draw layers of `sizes` units joined by `weights` (each n_out × n_in)."""
        if sizes != self.sizes:
            self.sizes = sizes
            self._place_units()
        self.weights = weights
        self.output_colours = output_colours
        self.update()

    def set_selected(self, unit: tuple[int, int] | None) -> None:
        """Ring the hidden unit (layer, index) whose heatmap is shown, or none."""
        self.selected = unit
        self.update()

    def hidden_units(self) -> list[Unit]:
        """The clickable discs (for tests and tooltips)."""
        last = len(self.sizes) - 1
        return [unit for unit in self.units if 0 < unit.layer < last]

    # -- geometry --------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        self._place_units()
        super().resizeEvent(event)

    def _place_units(self) -> None:
        """Columns spread across the width, each column's units centred vertically."""
        self.units = []
        if not self.sizes:
            return
        area = QRectF(self.rect()).adjusted(MARGIN + 10, 8, -MARGIN - 10, -LABEL_HEIGHT - 6)
        columns = len(self.sizes)
        widest = max(self.sizes)
        radius = max(2.0, min(8.0, area.height() / (2.6 * widest)))
        gap = min(area.height() / widest, radius * 3.2)
        for layer, count in enumerate(self.sizes):
            x = area.left() + area.width() * (layer / (columns - 1) if columns > 1 else 0.5)
            top = area.center().y() - gap * (count - 1) / 2
            self.units.extend(Unit(layer, k, QPointF(x, top + k * gap), radius)
                              for k in range(count))
        # The layer names sit just under the tallest column, wherever that ends.
        self._labels_top = area.center().y() + gap * (widest - 1) / 2 + radius + 4

    def _column(self, layer: int) -> list[Unit]:
        return [unit for unit in self.units if unit.layer == layer]

    # -- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(self.theme.background))
        if not self.units:
            return
        for layer, matrix in enumerate(self.weights):
            self._paint_weights(painter, self._column(layer), self._column(layer + 1), matrix)
        for unit in self.units:
            self._paint_unit(painter, unit)
        self._paint_labels(painter)

    def _paint_weights(self, painter: QPainter, sources: list[Unit], targets: list[Unit],
                       matrix: np.ndarray) -> None:
        if matrix.shape != (len(targets), len(sources)) or matrix.size == 0:
            return
        size = np.abs(matrix)
        largest = float(size.max()) or 1.0
        order = np.argsort(size, axis=None, kind="stable")[-MAX_EDGES_PER_LAYER:]
        # Lines share a pen per sign and strength level and are drawn in one call per pen,
        # weakest level first so that the strong lines end up on top.
        levels = np.minimum((size.ravel()[order] / largest * STRENGTH_LEVELS).astype(int),
                            STRENGTH_LEVELS - 1)
        positive = matrix.ravel()[order] >= 0
        rows, cols = np.divmod(order, matrix.shape[1])
        for level in range(STRENGTH_LEVELS):
            strength = (level + 1) / STRENGTH_LEVELS
            for sign, colour_name in ((True, self.theme.positive), (False, self.theme.negative)):
                chosen = np.flatnonzero((levels == level) & (positive == sign))
                if chosen.size == 0:
                    continue
                colour = QColor(colour_name)
                colour.setAlphaF(0.15 + 0.85 * strength)
                painter.setPen(QPen(colour, 0.4 + 2.6 * strength))
                painter.drawLines([QLineF(sources[cols[k]].centre, targets[rows[k]].centre)
                                   for k in chosen.tolist()])

    def _paint_unit(self, painter: QPainter, unit: Unit) -> None:
        last = len(self.sizes) - 1
        fill = QColor(self.theme.panel)
        if unit.layer == last and unit.index < len(self.output_colours):
            fill = QColor(self.output_colours[unit.index])
        outline = QPen(QColor(self.theme.muted), 1.2)
        if (unit.layer, unit.index) == self.selected:
            outline = QPen(QColor(self.theme.selection), 3)
        painter.setPen(outline)
        painter.setBrush(fill)
        painter.drawEllipse(unit.centre, unit.radius, unit.radius)

    def _paint_labels(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSizeF(8.5)
        painter.setFont(font)
        painter.setPen(QColor(self.theme.muted))
        last = len(self.sizes) - 1
        y = self._labels_top
        for layer, count in enumerate(self.sizes):
            name = "x" if layer == 0 else ("ŷ" if layer == last else f"h{layer}")
            x = self._column(layer)[0].centre.x()
            box = QRectF(x - 40, y, 80, LABEL_HEIGHT)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{name} ({count})")

    # -- mouse -----------------------------------------------------------------------

    def unit_at(self, point: QPointF) -> Unit | None:
        """The hidden unit under `point` (with a little slack for small discs)."""
        for unit in self.hidden_units():
            reach = max(unit.radius + 3, 6)
            if (unit.centre - point).manhattanLength() <= reach * 1.4:
                return unit
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position())
        if unit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.unit_clicked.emit(unit.layer, unit.index)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if unit else Qt.CursorShape.ArrowCursor)
        if unit is not None:
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"h{unit.layer}[{unit.index}]: click to see its activation "
                              "over the plane", self)
        super().mouseMoveEvent(event)
