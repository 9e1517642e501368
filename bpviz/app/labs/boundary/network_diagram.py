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
MIN_PITCH = 6.0             # px between unit centres: any closer, the discs merge into a block


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
        self.gaps: list[QPointF] = []  # where a tall layer's middle units are left out (⋮)
        self._labels_top = 0.0
        self._pen_key: tuple[str, str] | None = None
        self._pen_list: list[QPen] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- public ----------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def show_network(self, sizes: tuple[int, ...], weights: list[np.ndarray],
                     output_colours: list[str]) -> None:
        """Draw layers of `sizes` units joined by `weights` (each n_out × n_in); the same
        network with the same weights and colours is not drawn again."""
        if (sizes == self.sizes and output_colours == self.output_colours
                and len(weights) == len(self.weights)
                and all(np.array_equal(new, old) for new, old in zip(weights, self.weights))):
            return
        if sizes != self.sizes:
            self.sizes = sizes
            self._place_units()
        self.weights = [np.array(matrix, copy=True) for matrix in weights]  # as drawn
        self.output_colours = list(output_colours)
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
        """Columns spread across the width, each column's units centred vertically; a layer
        too tall for distinct discs shows its first and last units around a ⋮."""
        self.units, self.gaps = [], []
        if not self.sizes:
            return
        area = QRectF(self.rect()).adjusted(MARGIN + 10, 8, -MARGIN - 10, -LABEL_HEIGHT - 6)
        columns = len(self.sizes)
        room = max(3, int(area.height() // MIN_PITCH) + 1)  # discs a column has room for
        widest = min(max(self.sizes), room)
        radius = max(2.0, min(8.0, area.height() / (2.6 * widest)))
        gap = min(area.height() / widest, radius * 3.2)
        for layer, count in enumerate(self.sizes):
            x = area.left() + area.width() * (layer / (columns - 1) if columns > 1 else 0.5)
            slots = min(count, widest)
            top = area.center().y() - gap * (slots - 1) / 2
            head = count if count <= widest else (slots - 1) // 2
            tail = 0 if count <= widest else slots - 1 - head
            shown = [*range(head), *range(count - tail, count)]
            for slot, index in enumerate(shown):
                slot += 1 if index >= head else 0  # past the ⋮
                self.units.append(Unit(layer, index, QPointF(x, top + slot * gap), radius))
            if tail:
                self.gaps.append(QPointF(x, top + head * gap))
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
        for gap in self.gaps:  # on a patch of background, so the lines do not hide it
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.theme.background))
            painter.drawRoundedRect(QRectF(gap.x() - 5, gap.y() - 6, 10, 12), 3, 3)
            painter.setPen(QColor(self.theme.text))
            painter.drawText(QRectF(gap.x() - 10, gap.y() - 8, 20, 16),
                             Qt.AlignmentFlag.AlignCenter, "⋮")
        self._paint_labels(painter)

    def _paint_weights(self, painter: QPainter, source_units: list[Unit],
                       target_units: list[Unit], matrix: np.ndarray) -> None:
        sources = {unit.index: unit for unit in source_units}
        targets = {unit.index: unit for unit in target_units}
        if (not sources or not targets or matrix.ndim != 2
                or matrix.shape[0] <= max(targets) or matrix.shape[1] <= max(sources)):
            return
        # Only the weights between units on show (a tall layer leaves its middle out).
        rows_shown, cols_shown = sorted(targets), sorted(sources)
        matrix = matrix[np.ix_(rows_shown, cols_shown)]
        sources = [sources[index] for index in cols_shown]
        targets = [targets[index] for index in rows_shown]
        if matrix.size == 0:
            return
        size = np.abs(matrix)
        largest = float(size.max()) or 1.0
        order = np.argsort(size, axis=None, kind="stable")[-MAX_EDGES_PER_LAYER:]
        # Lines share a pen per sign and strength level and are drawn in one call per pen,
        # weakest level first so that the strong lines end up on top.
        levels = np.minimum((size.ravel()[order] / largest * STRENGTH_LEVELS).astype(int),
                            STRENGTH_LEVELS - 1)
        negative = matrix.ravel()[order] < 0
        rows, cols = np.divmod(order, matrix.shape[1])
        # A pen's group: its level, positive before negative; one stable sort keeps each
        # group's lines in weight order, and each group is drawn in one call.
        groups = levels * 2 + negative
        by_group = np.argsort(groups, kind="stable")
        bounds = np.searchsorted(groups[by_group], np.arange(2 * STRENGTH_LEVELS + 1)).tolist()
        starts = [sources[col].centre for col in cols.tolist()]
        ends = [targets[row].centre for row in rows.tolist()]
        lines = [QLineF(starts[k], ends[k]) for k in by_group.tolist()]
        for group, pen in enumerate(self._pens()):
            if bounds[group] < bounds[group + 1]:
                painter.setPen(pen)
                painter.drawLines(lines[bounds[group]:bounds[group + 1]])

    def _pens(self) -> list[QPen]:
        """The lines' pens by group (level, then positive and negative), made once a theme."""
        key = (self.theme.positive, self.theme.negative)
        if self._pen_key != key:
            pens = []
            for level in range(STRENGTH_LEVELS):
                strength = (level + 1) / STRENGTH_LEVELS
                for colour_name in key:
                    colour = QColor(colour_name)
                    colour.setAlphaF(0.15 + 0.85 * strength)
                    pens.append(QPen(colour, 0.4 + 2.6 * strength))
            self._pen_key, self._pen_list = key, pens
        return self._pen_list

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
        """The hidden unit under `point` (with a little slack for small discs): the
        nearest, where close discs' slacks overlap."""
        near = [((unit.centre - point).manhattanLength(), unit) for unit in self.hidden_units()]
        near = [(distance, unit) for distance, unit in near
                if distance <= max(unit.radius + 3, 6) * 1.4]
        return min(near, key=lambda pair: pair[0])[1] if near else None

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
