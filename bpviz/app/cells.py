"""A vector as a strip of cells, a matrix as a heatmap: one item per array, coloured on the
diverging scale centred at zero; hovering a cell shows its exact value and index."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneHoverEvent, QStyleOptionGraphicsItem

from bpviz.app.circuit_style import (
    MATRIX_CELL, MAX_CELLS_SIZE, SMALL_FONT_PT, VECTOR_CELL, VECTOR_STRIP, font,
)
from bpviz.app.circuit_text import exact, index_text, number
from bpviz.app.plain_text import plain_tooltip
from bpviz.app.theme import Theme, diverging


def grid_shape(shape: tuple[int, ...]) -> tuple[int, int]:
    """Rows and columns drawn for an array: a vector is one row; more than two axes fold
    into the columns."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return 1, shape[0]
    return shape[0], int(np.prod(shape[1:]))


def cells_size(shape: tuple[int, ...]) -> tuple[float, float]:
    """Width and height of the drawing: whole cells up to MAX_CELLS_SIZE, then squeezed."""
    rows, cols = grid_shape(shape)
    if len(shape) <= 1:
        # Long vectors get narrower cells, down to the matrices' size, before squeezing.
        cell_w = max(MATRIX_CELL, min(VECTOR_CELL[0], VECTOR_STRIP / cols))
        cell_h = VECTOR_CELL[1]
    else:
        cell_w = cell_h = MATRIX_CELL
    return min(cols * cell_w, MAX_CELLS_SIZE[0]), min(rows * cell_h, MAX_CELLS_SIZE[1])


class CellsItem(QGraphicsItem):
    """The cells of one array (a value or a gradient), framed in the pass's colour.

    Each array is coloured on its own scale, ±max|v|: magnitudes differ by orders
    between, say, J and ∂J/∂W, and a shared scale would leave most arrays blank. The
    exact numbers are one hover away.
    """

    def __init__(self, shape: tuple[int, ...], name: str, frame: str, theme: Theme,
                 parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.array_shape = tuple(shape)  # not `shape`: that is QGraphicsItem.shape()
        self.name = name           # `W` or `∂J/∂W`, for tooltips
        self.frame = frame         # the theme attribute naming the frame colour
        self.theme = theme
        self.array: np.ndarray | None = None
        self._image: QImage | None = None
        self._rows, self._cols = grid_shape(self.array_shape)
        self._size = cells_size(self.array_shape)
        self.setAcceptHoverEvents(True)

    def set_array(self, array: np.ndarray | None) -> None:
        """Show `array` (None: not known yet, drawn as empty cells)."""
        if array is self.array:
            return
        self.array = array
        self._image = None if array is None else self._render(array)
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._image = None if self.array is None else self._render(self.array)
        self.update()

    def _render(self, array: np.ndarray) -> QImage:
        flat = np.asarray(array, dtype=float).reshape(self._rows, self._cols)
        scale = float(np.max(np.abs(flat))) if flat.size else 0.0
        image = QImage(self._cols, self._rows, QImage.Format.Format_RGB32)
        for (row, col), value in np.ndenumerate(flat):
            image.setPixel(col, row, diverging(self.theme, value, scale).rgb())
        return image

    def is_all_zero(self) -> bool:
        return self.array is not None and not np.any(self.array)

    def boundingRect(self) -> QRectF:
        return QRectF(-1.5, -1.5, self._size[0] + 3, self._size[1] + 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        rect = QRectF(0, 0, *self._size)
        theme = self.theme
        if self._image is not None:
            painter.drawImage(rect, self._image)
        else:
            painter.fillRect(rect, QColor(theme.panel))
        self._paint_grid(painter, rect)
        frame = QColor(getattr(theme, self.frame))
        pen = QPen(frame, 1.6)
        if self.array is None:
            frame.setAlphaF(0.45)
            pen = QPen(frame, 1.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        if self.is_all_zero():
            painter.setPen(QColor(theme.text))
            painter.setFont(font(SMALL_FONT_PT - 1.5, bold=True))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "0")

    def _paint_grid(self, painter: QPainter, rect: QRectF) -> None:
        """Thin lines between cells while cells are big enough to tell apart."""
        cell_w, cell_h = rect.width() / self._cols, rect.height() / self._rows
        line = QColor(self.theme.background)
        line.setAlphaF(0.7)
        painter.setPen(QPen(line, 1.0))
        if cell_w >= 5:
            for col in range(1, self._cols):
                x = rect.left() + col * cell_w
                painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        if cell_h >= 5:
            for row in range(1, self._rows):
                y = rect.top() + row * cell_h
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))

    def index_at(self, pos: QPointF) -> tuple[int, ...] | None:
        """The array index of the cell under `pos` (item coordinates), or None."""
        width, height = self._size
        if not (0 <= pos.x() < width and 0 <= pos.y() < height):
            return None
        row = min(int(pos.y() / height * self._rows), self._rows - 1)
        col = min(int(pos.x() / width * self._cols), self._cols - 1)
        flat = row * self._cols + col
        if not self.array_shape:
            return ()
        return tuple(int(i) for i in np.unravel_index(flat, self.array_shape))

    def cell_center(self, index: tuple[int, ...]) -> QPointF:
        """Where the cell of array index `index` is drawn (item coordinates)."""
        flat = int(np.ravel_multi_index(index, self.array_shape)) if self.array_shape else 0
        row, col = divmod(flat, self._cols)
        return QPointF((col + 0.5) * self._size[0] / self._cols,
                       (row + 0.5) * self._size[1] / self._rows)

    def tooltip_at(self, index: tuple[int, ...]) -> str:
        """`W[3, 17] = 0.123456789`, or that the value is not known yet."""
        where = f"{self.name}{index_text(index)}"
        if self.array is None:
            return f"{where}: not known yet"
        value = float(self.array[index])
        scale = float(np.max(np.abs(self.array)))
        return f"{where} = {exact(value)}\n(colour scale ±{number(scale)})"

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        index = self.index_at(event.pos())
        self.setToolTip("" if index is None else plain_tooltip(self.tooltip_at(index)))
        super().hoverMoveEvent(event)
