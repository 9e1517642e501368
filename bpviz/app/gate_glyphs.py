"""Gate patterns on the circuit: while a backward step runs, a small coloured glyph on each
edge it sends a gradient along says how the gate treats the upstream (+ copies, × swaps,
max routes) and Σ marks a parent whose gradient adds up; a legend explains each. The
patterns come from bpviz.lessons.gate_patterns; this module only draws them."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame, QGraphicsItem, QGridLayout, QLabel, QStyleOptionGraphicsItem, QWidget,
)
from shiboken6 import isValid

from bpviz.app.circuit_style import font
from bpviz.app.theme import Theme
from bpviz.engine import Picture
from bpviz.lessons.gate_patterns import (
    COPIES, GLYPHS, LEGEND, PATTERNS, ROUTES, SUMS, SWAPS, EdgePattern, step_patterns,
)

GLYPH_SIZE = 20.0
# Okabe–Ito colours (colour-blind safe), apart from the green values and red gradients.
COLOURS = {COPIES: "#0072B2", SWAPS: "#E69F00", ROUTES: "#CC79A7"}
WHERE = {COPIES: 0.5, SWAPS: 0.5, ROUTES: 0.5, SUMS: 0.12}  # along the edge, parent to child


def pattern_colour(pattern: str, theme: Theme) -> QColor:
    """The glyph's disc colour; a sum takes the text colour (it is no gate)."""
    return QColor(COLOURS.get(pattern, theme.text))


class GlyphItem(QGraphicsItem):
    """A small disc with the pattern's glyph in it, centred on a point of an edge."""

    def __init__(self, pattern: str, theme: Theme) -> None:
        super().__init__()
        self.pattern = pattern
        self.theme = theme
        self.edge: tuple[int, int] | None = None  # (parent, child) it sits on
        self.setZValue(2)  # over edges and cards
        self.setToolTip(LEGEND[pattern])

    def boundingRect(self) -> QRectF:
        half = GLYPH_SIZE / 2 + 1.5
        return QRectF(-half, -half, 2 * half, 2 * half)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        half = GLYPH_SIZE / 2
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(self.theme.background), 2.0))
        painter.setBrush(pattern_colour(self.pattern, self.theme))
        painter.drawEllipse(QPointF(0, 0), half, half)
        painter.setPen(QColor(self.theme.background))
        painter.setFont(font(11.0, bold=True))
        painter.drawText(QRectF(-half, -half, GLYPH_SIZE, GLYPH_SIZE),
                         int(Qt.AlignmentFlag.AlignCenter), GLYPHS[self.pattern])


class GateLegend(QFrame):
    """One line per pattern: its glyph in its colour and a sentence."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gate-legend")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setVerticalSpacing(2)
        self.glyphs: dict[str, QLabel] = {}
        self.sentences: dict[str, QLabel] = {}
        for index, pattern in enumerate(PATTERNS):  # two columns of two: a short strip
            row, column = index // 2, 2 * (index % 2)
            glyph = QLabel(GLYPHS[pattern])
            bold = QFont(glyph.font())
            bold.setBold(True)
            glyph.setFont(bold)
            glyph.setAlignment(Qt.AlignmentFlag.AlignCenter)
            glyph.setFixedSize(18, 18)
            sentence = QLabel(LEGEND[pattern])
            sentence.setWordWrap(True)  # a narrow window wraps it instead of growing
            grid.addWidget(glyph, row, column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(sentence, row, column + 1)
            self.glyphs[pattern], self.sentences[pattern] = glyph, sentence
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        for pattern, glyph in self.glyphs.items():
            glyph.setStyleSheet(f"color: {theme.background}; "
                                f"background: {pattern_colour(pattern, theme).name()}; "
                                "border-radius: 8px;")

    def text(self) -> str:
        """The legend as plain lines, glyph then sentence."""
        return "\n".join(f"{GLYPHS[p]} {LEGEND[p]}" for p in PATTERNS)


class GateGlyphs:
    """The gate patterns of `view`'s circuit (a CircuitView), off until `action` is checked."""

    def __init__(self, view, parent_for_action: QWidget) -> None:
        self.view = view
        self._items: list[GlyphItem] = []
        self.patterns: tuple[EdgePattern, ...] = ()  # what is drawn now
        self.legend = GateLegend(view.theme)  # the page puts it under the circuit
        self.legend.hide()
        self.action = QAction("Gate &patterns", parent_for_action)
        self.action.setCheckable(True)
        self.action.setToolTip("Mark how each gate passes the gradient back (+ copies, "
                               "× swaps, max routes, a branch sums) during the backward pass")
        self.action.toggled.connect(self.set_enabled)
        view.overlays.append(self.draw)

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def set_enabled(self, enabled: bool) -> None:
        """Show or hide the glyphs and the legend."""
        if self.action.isChecked() != enabled:
            self.action.setChecked(enabled)  # comes back here through toggled
            return
        self.legend.set_theme(self.view.theme)
        self.legend.setVisible(enabled)
        self.draw(self.view, self.view.model.picture)

    def draw(self, view, picture: Picture) -> None:
        """Put a glyph on each edge the step on show sends a gradient along (an overlay
        of the circuit view, called after every step it shows)."""
        for item in self._items:
            if isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self._items = []
        if self.enabled:
            self.legend.set_theme(view.theme)  # a theme change rebuilds the circuit
        self.patterns = step_patterns(view.model.trace, picture.step) if self.enabled else ()
        for found in self.patterns:
            for edge in view.edge_items():
                if (edge.edge.source, edge.edge.target) != (found.source, found.target):
                    continue
                item = GlyphItem(found.pattern, view.theme)
                item.edge = (found.source, found.target)
                item.setPos(edge.path.pointAtPercent(WHERE[found.pattern]))
                view.scene().addItem(item)
                self._items.append(item)

    def glyph_items(self) -> list[GlyphItem]:
        return [item for item in self._items if isValid(item)]
