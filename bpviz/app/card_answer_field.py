"""The practice answer field at the card asked about: a small line edit laid over the circuit
view, beside the `∂f/∂(x+y) = ?` tag, kept there as the view zooms, pans and resizes, and
always inside the view: right of the tag, else below, above or left of the card where it
covers no other card, else moved in from the view's edge rather than be cut.

It is a child of the view's viewport, not a scene item, so it keeps a readable size at any
zoom. Enter answers (`returnPressed`); Esc leaves it (`left`) with the text kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
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
    should not cover (the other cards), when a free place exists."""

    def __init__(self, field: QLineEdit, view: QGraphicsView,
                 obstacles: Callable[[], Iterable[QGraphicsItem]] = tuple) -> None:
        super().__init__(view)
        self.field = field
        self.view = view
        self.obstacles = obstacles
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
        card = self._view_rect(self._card) or self._view_rect(anchor)
        blocked = [rect for item in self.obstacles()
                   if (rect := self._view_rect(item)) is not None]
        self.field.move(self.position(self._view_rect(anchor), card, blocked))

    def position(self, anchor: QRect, card: QRect, blocked: Iterable[QRect] = ()) -> QPoint:
        """The first place that is inside the viewport and covers no blocked rect: right
        of the anchor, below the card, above it, left of it; else right of the anchor,
        moved in from the viewport's edges."""
        size = QSize(self.field.width(), self.field.sizeHint().height())
        area = self.view.viewport().rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        middle = anchor.center().y() - size.height() // 2
        places = (QPoint(anchor.right() + GAP, middle),
                  QPoint(anchor.left(), card.bottom() + GAP),
                  QPoint(anchor.left(), card.top() - GAP - size.height()),
                  QPoint(card.left() - GAP - size.width(), middle))
        blocked = tuple(blocked)
        for place in places:
            rect = QRect(place, size)
            if area.contains(rect) and not any(rect.intersects(other) for other in blocked):
                return place
        first = places[0]  # moved in so that its last pixel is the area's last one
        return QPoint(max(area.left(), min(first.x(), area.right() + 1 - size.width())),
                      max(area.top(), min(first.y(), area.bottom() + 1 - size.height())))

    def _view_rect(self, item: QGraphicsItem | None) -> QRect | None:
        if item is None or not isValid(item) or item.scene() is None:
            return None
        rect: QRectF = item.sceneBoundingRect()
        return self.view.mapFromScene(rect).boundingRect()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._anchor is not None and event.type() in _MOVES:
            QTimer.singleShot(0, self, self.place)  # after the view zoomed, panned, refitted
        return False
