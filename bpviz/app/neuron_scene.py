"""The neuron view's scene: every unit and weight of one window's network, laid out left to
right once per lesson, then recoloured in place at every step (pens and brushes only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem

from bpviz.app.circuit_style import font
from bpviz.app.neuron_items import EdgeBundle, EdgeItem, UnitItem, centre_text
from bpviz.app.theme import Theme, diverging
from bpviz.engine import Trace
from bpviz.formatting import short
from bpviz.lessons.describe import description
from bpviz.lessons.neuron_state import NeuronState
from bpviz.lessons.neurons import Highlight, Network, UnitKey

SCENE_WIDTH, SCENE_HEIGHT = 900.0, 460.0
TOP, BOTTOM = 52.0, 8.0           # room for the titles above the units
FIRST_X, LAST_X = 165.0, 770.0    # the input column and the output column
TITLE_Y = 13.0                    # centre of the column titles (x, h = f(z), s)
WEIGHT_LABEL_Y = 37.0             # centre of the weight labels (W, ∂J/∂W), below them
GROUP_GAP = 0.9                   # space between two words' boxes, in unit pitches
VALUE_TEXT_RADIUS = 14.0          # units at least this big show their value inside
DIMMED_EDGE = 0.3                 # opacity factor of edges outside a selected connection
OUTLINE_PX = 1.6                  # a unit's outline at rest, in screen pixels
UNKNOWN_DASHES = [3.0, 1.5]       # an unknown unit's outline: mostly ink, so it stays legible
MIN_TEXT_PX = 10.0  # no label is drawn smaller than this many pixels high on screen
WIDEST_VALUE = "−0.00"  # as wide as a unit's value gets (`short`), to see if it fits inside
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class ColumnLayout:
    """Where a layer's units sit: the column's x, each unit's y and their radius."""

    x: float
    ys: tuple[float, ...]
    radius: float


def column_xs(count: int, last_x: float = LAST_X) -> list[float]:
    """The columns' x positions, FIRST_X to `last_x`; the first gap (the wide input fan)
    gets 1.5 shares."""
    if count == 1:
        return [FIRST_X]
    shares = [1.5] + [1.0] * (count - 2)
    step = (last_x - FIRST_X) / sum(shares)
    xs = [FIRST_X]
    for share in shares:
        xs.append(xs[-1] + share * step)
    return xs


def input_column(network: Network, x: float) -> ColumnLayout:
    """The input units grouped by word, a small gap between words, centred vertically."""
    groups = network.groups
    slots = network.layers[0].size + GROUP_GAP * (len(groups) - 1)
    pitch = min(20.0, (SCENE_HEIGHT - TOP - BOTTOM) / slots)
    ys, y = [], TOP + (SCENE_HEIGHT - TOP - BOTTOM - (slots - 1) * pitch) / 2
    for number, group in enumerate(groups):
        if number:
            y += GROUP_GAP * pitch
        for _ in group.units:
            ys.append(y)
            y += pitch
    return ColumnLayout(x, tuple(ys), min(7.0, 0.38 * pitch))


def unit_column(size: int, x: float, largest: float) -> ColumnLayout:
    """`size` units evenly spaced and centred vertically, radius at most `largest`."""
    height = SCENE_HEIGHT - TOP - BOTTOM
    pitch = min(3 * largest, height / size)
    first = TOP + (height - (size - 1) * pitch) / 2
    return ColumnLayout(x, tuple(first + i * pitch for i in range(size)),
                        min(largest, 0.45 * pitch))


def scene_width(aspect: float) -> float:
    """The scene's width for a view `aspect` (width / height) times as wide as it is tall:
    wide enough that the network, fitted, fills the view; never narrower than SCENE_WIDTH."""
    return max(SCENE_WIDTH, SCENE_HEIGHT * aspect)


def edge_line(start: QPointF, start_radius: float, end: QPointF, end_radius: float) -> QLineF:
    """The line between two circles' rims, along the line through their centres."""
    line = QLineF(start, end)
    length = line.length()
    return QLineF(line.pointAt(start_radius / length), line.pointAt(1 - end_radius / length))


def column_title(trace: Trace, network: Network, layer: int, node: int | None) -> str:
    """`x ∈ ℝ²⁰`, `h = tanh(z) ∈ ℝ⁸`, `s = uᵀh`: the lecture's notation for what a layer
    shows (`node`: z until h is known; None before either is, which reads as h)."""
    info = network.layers[layer]
    node = info.node if node is None else node
    what = description(trace, node) if layer else trace.node(node).label
    if trace.node(node).shape == ():
        return what
    return f"{what} ∈ ℝ{str(info.size).translate(SUPERSCRIPTS)}"


def class_text(name: str, probability: float | None, target: bool) -> str:
    """`LOC  ŷ 0.09  ◂ target`: a class, its probability once known, the target marked."""
    text = name if probability is None else f"{name}  ŷ {probability:.2f}"
    return text + ("  ◂ target" if target else "")


def text_scale(font: QFont, view_scale: float) -> float:
    """How much text in `font` is magnified to be at least MIN_TEXT_PX pixels high on
    screen when the scene is shown `view_scale` times its size (1: it already is)."""
    return max(1.0, MIN_TEXT_PX / (QFontInfo(font).pixelSize() * view_scale))


def outline_pen(colour: str, dashed: bool = False) -> QPen:
    """A unit's outline at rest: OUTLINE_PX screen pixels wide at any zoom (a scene-unit
    line fades to a hairline in a short pane); dashed while its value is unknown."""
    pen = QPen(QColor(colour), OUTLINE_PX)
    pen.setCosmetic(True)
    if dashed:
        pen.setDashPattern(UNKNOWN_DASHES)
    return pen


def readable_on(fill: QColor) -> QColor:
    """Dark or light text, whichever reads better on `fill`."""
    luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
    return QColor("#111111") if luminance > 0.5 else QColor("#f5f5f5")


class NeuronScene(QGraphicsScene):
    """All units, word boxes, edges and titles of one network, built once, restyled per step."""

    def __init__(self, network: Network, trace: Trace, theme: Theme,
                 width: float = SCENE_WIDTH) -> None:
        super().__init__()
        # No spatial index to keep up to date when pens change width at every step and
        # items move on a resize.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.network = network
        self.theme = theme
        self.state: NeuronState | None = None
        self.highlight = Highlight()
        self.width = width
        self.columns = self._columns()
        self.units: dict[UnitKey, UnitItem] = {}
        self.edges: list[list[EdgeItem]] = []  # per connection, row-major
        self.bundles: list[EdgeBundle] = []  # per connection: its edges drawn as one picture
        # What each unit, connection and label was last styled with: a step restyles only
        # what it changed, so Qt repaints only those (a theme or highlight clears them).
        self._looks: dict[object, tuple] = {}
        self.boxes: list[QGraphicsRectItem] = []
        self.texts: list[QGraphicsSimpleTextItem] = []  # titles and word labels
        self.titles: list[dict[int, QGraphicsSimpleTextItem]] = []  # per layer, by node shown
        self.connection_labels: list[QGraphicsSimpleTextItem] = []  # "W  (8×20)" over each fan
        self.connection_label_xs: list[float] = []
        self.class_labels: list[QGraphicsSimpleTextItem] = []  # beside a classifier's outputs
        self.class_label_width = 0.0  # their longest text's, kept free right of the outputs
        self.word_labels: list[tuple[QGraphicsSimpleTextItem, float, float]] = []  # (label,
        # its right end, its middle's height): beside each word's box
        self.view_scale = 1.0  # the view's zoom the labels are sized for (set_view_scale)
        self.title_y, self.weight_label_y = TITLE_Y, WEIGHT_LABEL_Y  # the label rows' centres
        self._add_units()
        self._add_edges()
        self._add_words()
        self._add_titles(trace)
        self._place_texts()
        self._fit_rect()
        for label, name in zip(self.class_labels, self.network.layers[-1].names):
            label.setText(name)  # until the first step says more
            label.setFont(font(11))
        self.set_theme(theme)

    # building, once per lesson or window

    def _columns(self) -> list[ColumnLayout]:
        xs = column_xs(len(self.network.layers), self.width - (SCENE_WIDTH - LAST_X))
        columns = [input_column(self.network, xs[0])]
        for layer, x in zip(self.network.layers[1:], xs[1:]):
            largest = 25.0 if layer.size == 1 else 22.5
            columns.append(unit_column(layer.size, x, largest))
        return columns

    def _add_units(self) -> None:
        for index, column in enumerate(self.columns):
            for unit, y in enumerate(column.ys):
                item = UnitItem((index, unit), QPointF(column.x, y), column.radius,
                                column.radius >= VALUE_TEXT_RADIUS)
                self.addItem(item.halo)
                self.addItem(item)
                self.units[item.key] = item

    def _add_edges(self) -> None:
        for index, connection in enumerate(self.network.connections):
            source, target = self.columns[connection.source], self.columns[connection.target]
            items = []
            for row, target_y in enumerate(target.ys):
                for col, source_y in enumerate(source.ys):
                    line = edge_line(QPointF(source.x, source_y), source.radius,
                                     QPointF(target.x, target_y), target.radius)
                    item = EdgeItem(index, row, col, line)
                    self.addItem(item)
                    items.append(item)
            self.edges.append(items)
            bundle = EdgeBundle(items)
            self.addItem(bundle)
            self.bundles.append(bundle)

    def _add_words(self) -> None:
        column = self.columns[0]
        pad = 4.0
        for group in self.network.groups:
            top = column.ys[group.start] - column.radius - pad
            bottom = column.ys[group.start + group.size - 1] + column.radius + pad
            half = column.radius + pad + 2
            box = QGraphicsRectItem(QRectF(column.x - half, top, 2 * half, bottom - top))
            box.setZValue(5)
            self.addItem(box)
            self.boxes.append(box)
            label = self.addSimpleText(group.word, font(11))
            self.word_labels.append((label, column.x - half - 10, (top + bottom) / 2))
            self.texts.append(label)
        last = self.network.layers[-1]
        for unit, name in enumerate(last.names):
            column = self.columns[-1]
            # Laid out with its longest text, so the scene leaves room for ŷ and the target.
            label = self.addSimpleText(class_text(name, 0.0, True), font(11, True))
            self.class_label_width = max(self.class_label_width, label.boundingRect().width())
            self.texts.append(label)
            self.class_labels.append(label)

    def _add_titles(self, trace: Trace) -> None:
        # Each title for every node its layer can show (z, then h), switched per step.
        for layer, column in enumerate(self.columns):
            info = self.network.layers[layer]
            titles = {}
            for node in (info.node, info.pre):
                if node is not None:
                    title = self.addSimpleText(column_title(trace, self.network, layer, node),
                                               font(11, True))
                    self.texts.append(title)
                    titles[node] = title
            self.titles.append(titles)
        for connection in self.network.connections:
            x = (self.columns[connection.source].x + self.columns[connection.target].x) / 2
            self.connection_labels.append(self.addSimpleText("", font(10.5)))
            self.connection_label_xs.append(x)

    def _fit_rect(self) -> None:
        """The scene's rectangle: the layout, everything drawn and the room the class
        labels take at their longest (ŷ and the target written)."""
        rect = QRectF(0, 0, self.width, SCENE_HEIGHT).united(self.itemsBoundingRect())
        for label in self.class_labels:
            rect = rect.united(QRectF(label.x(), label.y(), self.class_label_width * label.scale(),
                                      label.boundingRect().height() * label.scale()))
        self.setSceneRect(rect.adjusted(-8, -4, 8, 4))

    def set_view_scale(self, scale: float) -> bool:
        """Size the labels for a view showing the scene `scale` times its size (each at
        least MIN_TEXT_PX pixels high on screen); True if that changed the scene's
        rectangle (the view fits it again)."""
        if abs(scale - self.view_scale) <= 1e-5 * scale:
            return False
        self.view_scale = scale
        before = self.sceneRect()
        self._place_texts()
        self._fit_rect()
        return self.sceneRect() != before

    def _place_texts(self) -> None:
        """Magnify each label that would be drawn under MIN_TEXT_PX on screen, and put it
        where it belongs: titles over their columns, the weight labels under them (both
        rows grown upwards, clear of the units), word labels left of their boxes, class
        labels right of their units. A unit's value that would not fit inside its circle
        at that size is not shown (its tooltip gives it)."""
        for text in self.texts + self.connection_labels:
            text.setScale(text_scale(text.font(), self.view_scale))
        grow_weights = self._row_growth(self.connection_labels)
        self.weight_label_y = WEIGHT_LABEL_Y - grow_weights / 2
        self.title_y = TITLE_Y - grow_weights - self._row_growth(
            [title for titles in self.titles for title in titles.values()]) / 2
        for layer, titles in enumerate(self.titles):
            for title in titles.values():
                centre_text(title, QPointF(self.columns[layer].x, self.title_y))
        for label, x in zip(self.connection_labels, self.connection_label_xs):
            centre_text(label, QPointF(x, self.weight_label_y))
        for label, right, middle in self.word_labels:
            box, scale = label.boundingRect(), label.scale()
            label.setPos(right - scale * box.width(), middle - scale * box.height() / 2)
        last = self.columns[-1]
        for label, y in zip(self.class_labels, last.ys):
            label.setPos(last.x + last.radius + 10,
                         y - label.scale() * label.boundingRect().height() / 2)
        for item in self.units.values():
            if item.label is not None:
                scale = text_scale(item.label.font(), self.view_scale)
                widest = QFontMetricsF(item.label.font()).horizontalAdvance(WIDEST_VALUE)
                item.label.setScale(scale)
                item.label.setVisible(scale * widest <= 1.84 * item.radius)
                centre_text(item.label, QPointF(0, 0))

    @staticmethod
    def _row_growth(texts: list[QGraphicsSimpleTextItem]) -> float:
        """How much taller a row of labels is magnified than at its own size."""
        return max((QFontMetricsF(text.font()).height() * (text.scale() - 1) for text in texts),
                   default=0.0)

    def set_width(self, width: float) -> None:
        """Spread the columns over a scene `width` wide (the height stays): the view asks
        for the width that makes the fitted network fill its pane. Items are moved, not
        rebuilt; only x positions change."""
        if abs(width - self.width) < 0.5:
            return
        self.width = width
        old = self.columns
        self.columns = [ColumnLayout(x, column.ys, column.radius)
                        for x, column in zip(column_xs(len(old), width - (SCENE_WIDTH - LAST_X)),
                                             old)]
        for (layer, _), item in self.units.items():
            item.move_to(QPointF(self.columns[layer].x, item.pos().y()))
        for index, connection in enumerate(self.network.connections):
            source, target = self.columns[connection.source], self.columns[connection.target]
            for item in self.edges[index]:
                item.set_line(edge_line(QPointF(source.x, source.ys[item.col]), source.radius,
                                        QPointF(target.x, target.ys[item.row]), target.radius))
            self.bundles[index].relayout()
            self.connection_label_xs[index] = (source.x + target.x) / 2
        self._place_texts()
        self._fit_rect()

    # restyling, at every step

    def set_theme(self, theme: Theme) -> None:
        """Recolour every item for `theme`."""
        self.theme = theme
        self.setBackgroundBrush(QColor(theme.background))
        for box in self.boxes:
            box.setPen(QPen(QColor(theme.muted), 1.0))
            box.setBrush(QColor(theme.panel))
        for text in self.texts:
            text.setBrush(QColor(theme.text))
        self._looks.clear()
        self._restyle()

    def show_state(self, state: NeuronState) -> None:
        """Show the values, edges and active units of one position."""
        self.state = state
        self._restyle()

    def set_highlight(self, highlight: Highlight) -> None:
        """Mark the units and connections that stand for the selected circuit node."""
        if highlight != self.highlight:
            self.highlight = highlight
            self._looks.clear()
            self._restyle()

    def _restyle(self) -> None:
        if self.state is None:
            return
        self._style_units(self.state)
        self._style_titles(self.state)
        self._style_edges(self.state)
        self._style_connection_labels(self.state)
        self._style_classes(self.state)

    def _style_classes(self, state: NeuronState) -> None:
        """Each class's ŷ once known, the target class in bold and the forward colour."""
        if self._looks.get("classes") == state.classes:
            return
        self._looks["classes"] = state.classes
        for label, output in zip(self.class_labels, state.classes):
            label.setText(class_text(output.name, output.probability, output.target))
            label.setFont(font(11, bold=output.target))
            label.setBrush(QColor(self.theme.forward if output.target else self.theme.text))

    def _style_units(self, state: NeuronState) -> None:
        theme = self.theme
        active_colour = QColor(theme.gradient if state.phase == "backward" else theme.forward)
        rest_pen = outline_pen(theme.muted)
        unknown_pen = outline_pen(theme.muted, dashed=True)
        selection = QColor(theme.selection)
        unknown_fill = QColor(theme.background)
        looks = self._looks
        for (layer, unit), item in self.units.items():
            layer_state = state.layers[layer]
            active = (layer, unit) in state.active.units
            value = None if layer_state.values is None else float(layer_state.values[unit])
            look = (value, layer_state.scale, active and state.phase)
            if looks.get(item.key) == look:
                continue  # unchanged by this step: not touched, not repainted
            looks[item.key] = look
            # A thick ring would swallow a small input unit's fill.
            active_pen = QPen(active_colour, min(3.0, max(1.5, 0.3 * item.radius)))
            item.set_selected_look((layer, unit) in self.highlight.units, selection)
            if value is None:
                item.set_look(unknown_fill, active_pen if active else unknown_pen)
                item.show_value("", QColor(theme.muted))
                continue
            fill = diverging(theme, value, layer_state.scale)
            item.set_look(fill, active_pen if active else rest_pen)
            item.show_value(short(value), readable_on(fill))

    def _style_titles(self, state: NeuronState) -> None:
        for layer, titles in enumerate(self.titles):
            shown = state.layers[layer].node
            shown = self.network.layers[layer].node if shown is None else shown
            for node, title in titles.items():
                title.setVisible(node == shown)

    def _style_edges(self, state: NeuronState) -> None:
        """Each connection's bundle shows its weights (or their gradient), dimmed outside
        a selected connection; an unchanged connection keeps its picture."""
        selected = self.highlight.connections
        for index, bundle in enumerate(self.bundles):
            connection = state.connections[index]
            fade = DIMMED_EDGE if selected and index not in selected else 1.0
            bundle.restyle(np.ravel(connection.values).astype(float),
                           np.ravel(connection.strengths).astype(float), fade,
                           self.theme.positive, self.theme.negative)

    def _style_connection_labels(self, state: NeuronState) -> None:
        theme = self.theme
        look = (tuple((c.label, c.gradient) for c in state.connections),
                state.active.connections, state.phase)
        if self._looks.get("labels") == look:
            return
        self._looks["labels"] = look
        for index, (label, connection) in enumerate(zip(self.connection_labels,
                                                        state.connections)):
            rows, cols = self.network.connections[index].shape
            size = f"{cols}" if self.network.connections[index].vector else f"{rows}×{cols}"
            label.setText(f"{connection.label}  ({size})")
            if index in self.highlight.connections:
                colour = theme.selection
            elif index in state.active.connections:
                colour = theme.gradient if state.phase == "backward" else theme.forward
            else:
                colour = theme.gradient if connection.gradient else theme.muted
            label.setBrush(QColor(colour))
            label.setFont(font(10.5, bold=index in self.highlight.connections
                               or connection.gradient))
            centre_text(label, QPointF(self.connection_label_xs[index], self.weight_label_y))

    # lookups for tooltips, clicks and tests

    def unit_item(self, layer: int, unit: int) -> UnitItem:
        """The circle of unit `unit` of layer `layer`."""
        return self.units[(layer, unit)]

    def edge_item(self, connection: int, row: int, col: int) -> EdgeItem:
        """The line of weight (row, col) of connection `connection`."""
        return self.edges[connection][row * self.network.connections[connection].shape[1] + col]

    def item_under(self, point: QPointF) -> UnitItem | EdgeItem | None:
        """The unit or edge at a scene point; a unit wins over the edges ending at it."""
        found = [item for item in self.items(point) if isinstance(item, (UnitItem, EdgeItem))]
        for item in found:
            if isinstance(item, UnitItem):
                return item
        return max(found, key=lambda edge: edge.strength) if found else None
