"""Word labels beside their points, drawn by one item in screen pixels: forty pyqtgraph
TextItems each re-laid out on every view change cost most of a frame.

Each word's text is laid out once (a cached QStaticText) and only moved afterwards, so
zooming never stretches it and a frame only places it. Labels that would overlap are
left out, deterministically: the labels are taken in the order given (the kept ones
first), and one is drawn only if its box meets none already drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText

from bpviz.app.labs.embedding.word_items import screen_points

OFFSET_PX = 4  # the label starts this far right of its point
GAP_PX = 1     # two drawn labels keep at least this far apart
PLACES = 4     # right of the point, left of it, above it, below it
MAX_STACK = 6  # a highlighted label stacks at most this many lines off its point
MAX_CACHED = 4096  # laid-out texts kept (a frame shows about fifty)
NORMAL, KEPT, CHOSEN = 0, 1, 2  # a label's style: plain, always shown, the chosen word


class WordLabels(pg.GraphicsObject):
    """Texts at data positions, painted unscaled (the view's zoom never stretches them),
    with no two overlapping: the kept labels always, the others where there is room."""

    def __init__(self, colour: str = "#111111", point_size: float = 8.0) -> None:
        super().__init__()
        self._words: list[str] = []
        self._styles = np.empty(0, dtype=np.int8)
        self._positions = np.empty((0, 2))
        self._colours = [QColor(colour), QColor(colour), QColor(colour)]
        self._fonts = [QFont(), QFont(), QFont()]
        self._fonts[NORMAL].setPointSizeF(point_size)
        self._fonts[KEPT].setPointSizeF(point_size)
        self._fonts[KEPT].setBold(True)
        self._fonts[CHOSEN].setPointSizeF(point_size * 1.2)
        self._fonts[CHOSEN].setBold(True)
        self._texts: dict[tuple[str, int], tuple[QStaticText, float]] = {}
        self._heights = [QFontMetricsF(font).height() for font in self._fonts]
        self._box_sizes: np.ndarray | None = None
        self.drawn: list[str] = []  # the words the last paint drew, in drawing order

    def set_words(self, words: Sequence[str], positions: np.ndarray,
                  styles: Sequence[int] | None = None) -> None:
        """Show `words[i]` at `positions[i]` (data coordinates), in style `styles[i]`
        (NORMAL by default). The CHOSEN and KEPT ones are always drawn, before the rest;
        then the rest in the order given, each where it overlaps none drawn."""
        self.prepareGeometryChange()
        self._words = list(words)
        self._positions = np.asarray(positions, dtype=float).reshape(-1, 2)
        self._styles = (np.zeros(len(self._words), dtype=np.int8) if styles is None
                        else np.asarray(styles, dtype=np.int8))
        self._box_sizes: np.ndarray | None = None  # measured at the next paint
        self.update()

    def set_colour(self, colour: str, style: int | None = None) -> None:
        """The text colour of every style, or of one."""
        for index in (range(3) if style is None else (style,)):
            self._colours[index] = QColor(colour)
        self.update()

    @property
    def words(self) -> list[str]:
        return list(self._words)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        if not len(self._positions):
            return QRectF()
        low, high = self._positions.min(axis=0), self._positions.max(axis=0)
        return QRectF(QPointF(*low), QPointF(*high))

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):  # noqa: N802, N803
        return None  # the labels never widen the view: the points decide it

    def _text(self, word: str, style: int) -> tuple[QStaticText, float]:
        """The word laid out once in its style's font, and its width in pixels."""
        key = (word, style)
        cached = self._texts.get(key)
        if cached is None:
            if len(self._texts) >= MAX_CACHED:  # a new corpus's words, many highlights
                self._texts.clear()
            text = QStaticText(word)
            text.setTextFormat(Qt.TextFormat.PlainText)  # a word is never HTML
            text.prepare(font=self._fonts[style])
            cached = self._texts[key] = (text, text.size().width())
        return cached

    def paint(self, painter: QPainter, *args) -> None:
        self.drawn = []
        if not self._words:
            return
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        if self._box_sizes is None:
            self._box_sizes = self._sizes()
        anchors = self._screen(transform)
        boxes = placed_labels(anchors, self._styles, self._box_sizes, self._area(transform))
        for index, (left, top) in boxes:
            style = int(self._styles[index])
            self._lead(painter, anchors[index], (left, top), self._box_sizes[index], style)
            painter.setPen(self._colours[style])
            painter.setFont(self._fonts[style])
            painter.drawStaticText(QPointF(left, top), self._text(self._words[index], style)[0])
            self.drawn.append(self._words[index])
        painter.restore()

    def _lead(self, painter: QPainter, anchor: np.ndarray, corner: tuple[float, float],
              size: np.ndarray, style: int) -> None:
        """A thin line from a stacked label to its point, so it still names the right dot."""
        width, height = float(size[0]), float(size[1])
        if not displaced((float(anchor[0]), float(anchor[1])), corner, (width, height)):
            return
        near_x = corner[0] if corner[0] >= anchor[0] else corner[0] + width
        painter.setPen(QPen(self._colours[style], 0.8))
        painter.drawLine(QPointF(float(anchor[0]), float(anchor[1])),
                         QPointF(near_x, corner[1] + height / 2))

    def _area(self, transform) -> tuple[float, float, float, float] | None:
        """The view's visible rectangle in pixels (labels are kept inside it)."""
        view = self.getViewBox()
        if view is None:
            return None
        corners = screen_points(transform, np.array(view.viewRect().getCoords()).reshape(2, 2))
        low, high = corners.min(axis=0), corners.max(axis=0)
        return (float(low[0]), float(low[1]), float(high[0]), float(high[1]))

    def _screen(self, transform) -> np.ndarray:
        """The labels' anchor points in pixels."""
        return screen_points(transform, self._positions)

    def _sizes(self) -> np.ndarray:
        """Each label's width and height in pixels."""
        heights = self._heights
        return np.array([(self._text(word, style)[1], heights[style])
                         for word, style in zip(self._words, self._styles.tolist())]
                        ).reshape(-1, 2)


def placed_labels(anchors: np.ndarray, styles: np.ndarray, sizes: np.ndarray,
                  area: tuple[float, float, float, float] | None = None
                  ) -> list[tuple[int, tuple[float, float]]]:
    """(index, top-left corner) of each label drawn, in drawing order: the styled ones
    (CHOSEN, then KEPT), then the NORMAL ones, each in the order given. A label goes right
    of its point, centred on it vertically; if that box meets one already drawn, left of
    the point, then above it, then below it. A place that leaves `area` (x0, y0, x1, y1
    in pixels, if given) is not free. A NORMAL label with no free place is left out; a
    styled one is stacked above or below its point (see `stacked_places`), or drawn in its
    first place inside `area` anyway (or its first place) if no stacked one is free."""
    order = np.concatenate([np.flatnonzero(styles == CHOSEN), np.flatnonzero(styles == KEPT),
                            np.flatnonzero(styles == NORMAL)])
    order = order[np.isfinite(anchors[order]).all(axis=1)]
    x, y = anchors[order, 0], anchors[order, 1]
    width, height = sizes[order, 0], sizes[order, 1]
    # Each label's places (right, left, above, below) as top-left corners: place-major.
    corners = np.concatenate([
        np.column_stack([x + OFFSET_PX, y - height / 2]),
        np.column_stack([x - OFFSET_PX - width, y - height / 2]),
        np.column_stack([x - width / 2, y - OFFSET_PX - height]),
        np.column_stack([x - width / 2, y + OFFSET_PX])])
    size = np.tile(np.column_stack([width, height]), (PLACES, 1))
    low, high = corners - GAP_PX, corners + size + GAP_PX
    # Which boxes meet which, all at once; each row as one integer's bits, so the greedy
    # pass below is a few integer operations a label.
    rows = _bit_rows(_meeting(low, high, low, high))
    inside = _inside(corners, size, area).tolist()
    count, forced = len(order), (styles[order] != NORMAL).tolist()
    taken = 0   # the standard places drawn, as bits
    blocked = 0  # the standard places a stacked label's box meets, as bits
    drawn_boxes: list[tuple[float, float, float, float]] = []
    placed: list[tuple[int, tuple[float, float]]] = []
    corner_list = corners.tolist()
    for position, index in enumerate(order.tolist()):
        places = [position + place * count for place in range(PLACES)]
        box = next((box for box in places
                    if inside[box] and not (rows[box] & taken or blocked >> box & 1)), None)
        if box is not None:
            taken |= 1 << box
            left, top = corner_list[box]
        elif not forced[position]:
            continue
        else:
            left, top = _stacked_corner(anchors[index], sizes[index], drawn_boxes, area) or \
                corner_list[next((box for box in places if inside[box]), position)]
            extra_low = np.array([[left - GAP_PX, top - GAP_PX]])
            extra_high = extra_low + sizes[index] + 2 * GAP_PX
            blocked |= _bit_rows(_meeting(extra_low, extra_high, low, high))[0]
        drawn_boxes.append((left - GAP_PX, top - GAP_PX, left + sizes[index][0] + GAP_PX,
                            top + sizes[index][1] + GAP_PX))
        placed.append((index, (left, top)))
    return placed


def stacked_places(anchor: np.ndarray, size: np.ndarray) -> np.ndarray:
    """A highlighted label's places when its four are taken (words collapsed on one spot):
    right of the point one line up, one down, two up, …, then the same left of it; the
    painter draws a leader line to a label placed so."""
    x, y = float(anchor[0]), float(anchor[1])
    width, height = float(size[0]), float(size[1])
    lines = [sign * step for step in range(1, MAX_STACK + 1) for sign in (-1, 1)]
    rights = [(x + OFFSET_PX, y - height / 2 + line * (height + 2 * GAP_PX)) for line in lines]
    lefts = [(x - OFFSET_PX - width, top) for _, top in rights]
    return np.array(rights + lefts)


def displaced(anchor: tuple[float, float], corner: tuple[float, float],
              size: tuple[float, float]) -> bool:
    """Whether a label at `corner` sits off its point's four places (a stacked one)."""
    centre = corner[1] + size[1] / 2
    return abs(centre - anchor[1]) > size[1] / 2 + OFFSET_PX + 0.5


def _stacked_corner(anchor: np.ndarray, size: np.ndarray,
                    drawn: list[tuple[float, float, float, float]],
                    area: tuple[float, float, float, float] | None) -> tuple[float, float] | None:
    """The first stacked place inside `area` that meets no drawn box, or None."""
    corners = stacked_places(anchor, size)
    sizes = np.broadcast_to(size, corners.shape)
    free = _inside(corners, sizes, area)
    if drawn:
        boxes = np.array(drawn)
        free &= ~_meeting(corners - GAP_PX, corners + sizes + GAP_PX,
                          boxes[:, :2], boxes[:, 2:]).any(axis=1)
    hits = np.flatnonzero(free)
    return tuple(corners[hits[0]].tolist()) if len(hits) else None


def _meeting(low_a: np.ndarray, high_a: np.ndarray, low_b: np.ndarray,
             high_b: np.ndarray) -> np.ndarray:
    """meets[i, j]: whether box i of a meets box j of b (corners low, high in pixels)."""
    return ((low_a[:, None, 0] < high_b[None, :, 0]) & (low_b[None, :, 0] < high_a[:, None, 0])
            & (low_a[:, None, 1] < high_b[None, :, 1]) & (low_b[None, :, 1] < high_a[:, None, 1]))


def _bit_rows(meets: np.ndarray) -> list[int]:
    """Each row of a boolean matrix as one integer's bits (bit j: column j)."""
    return [int.from_bytes(row.tobytes(), "little")
            for row in np.packbits(meets, axis=1, bitorder="little")]


def _inside(corners: np.ndarray, sizes: np.ndarray,
            area: tuple[float, float, float, float] | None) -> np.ndarray:
    """Which boxes lie wholly inside `area` (all, if there is none)."""
    if area is None:
        return np.ones(len(corners), dtype=bool)
    return ((corners[:, 0] >= area[0]) & (corners[:, 1] >= area[1])
            & (corners[:, 0] + sizes[:, 0] <= area[2]) & (corners[:, 1] + sizes[:, 1] <= area[3]))
