"""The practice answer field at the card asked about: a small line edit laid over the circuit
view, beside the `∂f/∂(x+y) = ?` tag, kept there as the view zooms, pans and resizes, and
always inside the view: the first of the places around the tag and its card (right of the
tag, below, above, left or right of the card, a row further out) that covers none of the
other cards (nor its own card's name and value), crossing the fewest edges; else the
nearest free place of a finer search around the card; else the least covering place,
moved in from the view's edge rather than be cut.

It is a child of the view's viewport, not a scene item, so it keeps a readable size at any
zoom. Enter answers (`returnPressed`); Esc leaves it (`left`) with the text kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QLineEdit, QWidget
from shiboken6 import isValid

FIELD_WIDTH = 140
GAP = 6       # pixels between the tag (or the card) and the field
MARGIN = 4    # pixels kept free at the view's edges
# What moves the circuit under the field: the wheel zooms, a drag pans, a resize refits.
_MOVES = (QEvent.Type.Wheel, QEvent.Type.Resize, QEvent.Type.MouseMove,
          QEvent.Type.MouseButtonRelease)


class AnswerField(QLineEdit):
    """A line edit that says when Esc leaves it (`left`), before the window's own Esc."""

    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practice-answer")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and \
                event.key() == Qt.Key.Key_Escape:  # Esc is the field's while it has the keys
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.left.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class CardFieldPlacer(QObject):
    """Lays `field` over `view` beside an anchor item (the tag on the card asked about)
    and keeps it there; `show_at(None)` hides it. `obstacles()` gives the items the field
    should not cover (the cards; the one asked about only above its tag), `lines()` those
    it had better not cross (the edges)."""

    def __init__(self, field: QLineEdit, view: QGraphicsView,
                 obstacles: Callable[[], Iterable[QGraphicsItem]] = tuple,
                 lines: Callable[[], Iterable[QGraphicsItem]] = tuple) -> None:
        super().__init__(view)
        self.field = field
        self.view = view
        self.obstacles = obstacles
        self.lines = lines
        field.setParent(view.viewport())
        field.setFixedWidth(FIELD_WIDTH)
        field.hide()
        self._anchor: QGraphicsItem | None = None
        self._card: QGraphicsItem | None = None
        view.viewport().installEventFilter(self)
        view.horizontalScrollBar().valueChanged.connect(self.place)
        view.verticalScrollBar().valueChanged.connect(self.place)

    def show_at(self, anchor: QGraphicsItem | None, card: QGraphicsItem | None = None) -> None:
        """Put the field beside `anchor` on `card` (see `position`), or hide it."""
        self._anchor, self._card = anchor, card
        if anchor is None:
            self.field.hide()
            return
        self.place()
        self.field.show()
        self.field.raise_()

    def anchor_rect(self) -> QRect | None:
        """Where the anchor (the tag) is drawn now, in the viewport's pixels."""
        return self._view_rect(self._anchor)

    def place(self) -> None:
        """Move the field to its anchor as the view now shows it, inside the viewport."""
        anchor = self._anchor
        if anchor is None or not isValid(anchor) or anchor.scene() is None:
            return
        tag = self._view_rect(anchor)
        card = self._view_rect(self._card) or tag
        blocked = [rect for item in self.obstacles()
                   if item is not self._card and (rect := self._view_rect(item)) is not None]
        blocked.append(tag)
        if card != tag and tag.top() > card.top():  # its own name and value, not its ∂ row
            blocked.append(QRect(card.left(), card.top(), card.width(), tag.top() - card.top()))
        self.field.move(self.position(tag, card, blocked, self._line_shapes()))

    def position(self, anchor: QRect, card: QRect, blocked: Iterable[QRect] = (),
                 lines: Iterable[QPainterPath] = ()) -> QPoint:
        """The first of the places around `anchor` and `card` (see `places`) that lies inside
        the viewport and covers none of `blocked`, crossing the fewest `lines` (viewport
        paths); else the nearest free place of a finer search around them; else the place
        covering the least of `blocked`, moved inside the viewport."""
        size = QSize(self.field.width(), self.field.sizeHint().height())
        area = self.view.viewport().rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        blocked, lines = tuple(blocked), tuple(lines)

        def covered(rect: QRect) -> int:
            return sum(_area(rect.intersected(other)) for other in blocked)

        def crossed(rect: QRect) -> int:
            return sum(1 for line in lines if line.intersects(QRectF(rect)))

        wanted = places(anchor, card, size)
        free = [place for place in wanted
                if area.contains(QRect(place, size)) and not covered(QRect(place, size))]
        if free:
            return min(free, key=lambda place: (crossed(QRect(place, size)), wanted.index(place)))
        near = _nearest_free(anchor, card, size, area, covered)
        if near:
            return min(near[:12], key=lambda place: (crossed(QRect(place, size)),
                                                     _gap(QRect(place, size), anchor, card)))

        def cost(numbered: tuple[int, QPoint]) -> tuple:
            order, place = numbered
            inside = _inside(place, size, area)
            return (covered(QRect(inside, size)),
                    (inside - place).manhattanLength() > 2 * GAP, order)

        return _inside(min(enumerate(wanted), key=cost)[1], size, area)

    def _line_shapes(self) -> list[QPainterPath]:
        """The edges as drawn (a few pixels wide), in the viewport's pixels."""
        shapes = []
        for item in self.lines():
            if isValid(item) and item.scene() is not None and item.isVisible():
                shapes.append(self.view.mapFromScene(item.mapToScene(item.shape())))
        return shapes

    def _view_rect(self, item: QGraphicsItem | None) -> QRect | None:
        if item is None or not isValid(item) or item.scene() is None:
            return None
        rect: QRectF = item.sceneBoundingRect()
        return self.view.mapFromScene(rect).boundingRect()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._anchor is not None and event.type() in _MOVES:
            QTimer.singleShot(0, self, self.place)  # after the view zoomed, panned, refitted
        return False


def places(anchor: QRect, card: QRect, size: QSize) -> list[QPoint]:
    """Where the field may lie, best first: right of the anchor; below, above, left and
    right of the card; then the same a row further out."""
    width, height = size.width(), size.height()
    middle = anchor.center().y() - height // 2
    below, above = card.bottom() + GAP, card.top() - GAP - height
    left, right = card.left() - GAP - width, card.right() + GAP
    row = height + GAP
    near = [QPoint(anchor.right() + GAP, middle),
            QPoint(anchor.left(), below), QPoint(anchor.left(), above),
            QPoint(left, middle), QPoint(right, middle),
            QPoint(card.right() - width, below), QPoint(card.right() - width, above),
            QPoint(left, card.top()), QPoint(right, card.top()),
            QPoint(left, card.bottom() - height), QPoint(right, card.bottom() - height)]
    further = [QPoint(anchor.left(), below + row), QPoint(anchor.left(), above - row),
               QPoint(left, middle - row), QPoint(left, middle + row),
               QPoint(right, middle - row), QPoint(right, middle + row),
               QPoint(anchor.right() + GAP, middle + row),
               QPoint(anchor.right() + GAP, middle - row)]
    return near + further


SEARCH_STEP = 8   # pixels between the places of the finer search
SEARCH_ROWS = 3   # how many field heights (and widths) out from the card it looks


def _nearest_free(anchor: QRect, card: QRect, size: QSize, area: QRect,
                  covered: Callable[[QRect], int]) -> list[QPoint]:
    """Places on a grid around the card, inside `area` and covering nothing, nearest first."""
    box = card.united(anchor)
    reach_x = size.width() + GAP + SEARCH_ROWS * SEARCH_STEP
    reach_y = SEARCH_ROWS * (size.height() + GAP)
    left = max(area.left(), box.left() - reach_x)
    right = min(area.right() + 1 - size.width(), box.right() + reach_x)
    top = max(area.top(), box.top() - reach_y)
    bottom = min(area.bottom() + 1 - size.height(), box.bottom() + reach_y)
    free = [QPoint(x, y) for y in range(top, bottom + 1, SEARCH_STEP)
            for x in range(left, right + 1, SEARCH_STEP)
            if not (rect := QRect(QPoint(x, y), size)).intersects(box) and not covered(rect)]
    return sorted(free, key=lambda place: _gap(QRect(place, size), anchor, card))


def _gap(rect: QRect, anchor: QRect, card: QRect) -> int:
    """How far `rect` lies from the card and its tag (0 when touching)."""
    box = card.united(anchor)
    dx = max(box.left() - rect.right(), rect.left() - box.right(), 0)
    dy = max(box.top() - rect.bottom(), rect.top() - box.bottom(), 0)
    return dx + dy


def _inside(place: QPoint, size: QSize, area: QRect) -> QPoint:
    """`place` moved in so that the field's last pixel is the area's last one."""
    return QPoint(max(area.left(), min(place.x(), area.right() + 1 - size.width())),
                  max(area.top(), min(place.y(), area.bottom() + 1 - size.height())))


def _area(rect: QRect) -> int:
    return rect.width() * rect.height() if rect.isValid() else 0
