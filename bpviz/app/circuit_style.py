"""Sizes and fonts of the circuit view, in scene units (pixels at zoom 1).

Sized so the lecture's window scorer (21 nodes, 7 columns) fits a 900×500 view at
about zoom 0.9, where the smallest text still reads as 10 pt.
"""

from __future__ import annotations

from PySide6.QtGui import QFont

PADDING = 6.0          # inside a node card
LINE_GAP = 3.0         # between rows inside a card
COLUMN_GAP = 24.0      # between columns of cards
ROW_GAP = 16.0         # between cards in a column (room for a check badge)
VECTOR_CELL = (10.0, 12.0)   # width, height of a short vector's cell
VECTOR_STRIP = 140.0         # longer vectors get narrower cells to stay this wide
MATRIX_CELL = 7.0            # a matrix cell's side
MAX_CELLS_SIZE = (200.0, 96.0)  # a bigger array is drawn smaller, downsampled
SIDE_BY_SIDE = 48.0    # arrays this narrow sit beside the node's title, not under it
FLOW_MS = 320          # how long a value or gradient takes to travel along an edge
DIMMED_OPACITY = 0.32  # an edge into a node the forward pass has not reached yet
DIMMED_DASHES = [4.0, 3.0]  # such a node's outline (its texts stay legible, see NodeItem)
MAX_ZOOM = 1.8         # fitting never magnifies more than this (a three-node circuit)

TITLE_FONT_PT = 12.5
META_FONT_PT = 11.0
NUMBER_FONT_PT = 12.0
SMALL_FONT_PT = 11.0


def font(points: float, bold: bool = False) -> QFont:
    """The application font at `points`, bold or not."""
    chosen = QFont()
    chosen.setPointSizeF(points)
    chosen.setBold(bold)
    return chosen
