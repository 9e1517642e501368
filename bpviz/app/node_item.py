"""One node of the circuit view: a card with the node's label, op and shape, its value
(green) and, once known, its gradient (red), and how that gradient added up when the
node feeds several others."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem, QGraphicsSimpleTextItem, QGraphicsTextItem, QStyleOptionGraphicsItem,
)

from bpviz.app.badge_item import BadgeItem
from bpviz.app.card_layout import CardLayout, card_layout
from bpviz.app.cells import CellsItem
from bpviz.app.circuit_style import (
    DIMMED_DASHES, META_FONT_PT, NUMBER_FONT_PT, SMALL_FONT_PT, TITLE_FONT_PT, font,
)
from bpviz.app.circuit_text import (
    array_sum_terms, array_sum_tooltip, caption_text, exact, meta_text, number, scalar_sum,
    sum_html, wrap_groups,
)
from bpviz.app.gradcheck_look import CheckLook
from bpviz.app.neuron_scene import class_text
from bpviz.app.plain_text import plain_tooltip
from bpviz.app.theme import Theme
from bpviz.engine import NodeInfo, Picture, Trace
from bpviz.lessons.accumulation import Arrival
from bpviz.lessons.neuron_state import ClassOutput, class_outputs
from bpviz.lessons.neurons import neuron_structure, output_names

UNKNOWN = "?"
CLASS_GAP = 5.0  # between the card and the class lines under it


def loss_classes(trace: Trace, lesson: object, end: Picture) -> tuple[ClassOutput, ...]:
    """A softmax classifier's classes with the ŷ and target its loss recorded, as the
    neuron view gets them (`end`: a picture where the loss is computed); () otherwise."""
    structure = neuron_structure(trace, output_names(lesson))
    if structure is None:
        return ()
    return next((class_outputs(network, trace, end) for network in structure.networks
                 if network.output == trace.output), ())


@dataclass(frozen=True)
class NodeFacts:
    """What a card needs to know about its node beyond the current step."""

    info: NodeInfo
    description: str          # `z = Wx + b`
    grad_name: str            # `∂J/∂z`
    receives_grad: bool
    fan_out: int              # how many inputs it feeds; above 1 its gradient is a sum
    labels: Mapping[int, str]  # every node's label, to name where gradients came from
    widest_value: str = ""    # a scalar's value text at the end of the pass
    widest_grad: str = ""     # a scalar's gradient line at the end of the pass
    widest_grad_sources: tuple[str, ...] = ()  # where an array's gradient came from, in the end
    title: str = ""           # the card's heading if not the label: `f` for the formula's output
    classes: tuple[ClassOutput, ...] = ()  # a classifier's loss: each class's ŷ and the target

    @property
    def heading(self) -> str:
        """What the card is titled: the lecture's name for it."""
        return self.title or self.info.label


class NodeItem(QGraphicsItem):
    """A node's card. `show_state` updates it in place; nothing is created per step."""

    def __init__(self, facts: NodeFacts, theme: Theme) -> None:
        super().__init__()
        self.facts = facts
        self.node_id = facts.info.id
        self.theme = theme
        self.is_scalar = facts.info.shape == ()
        self.layout: CardLayout = card_layout(facts)
        self._value: np.ndarray | None = None
        self._grad: np.ndarray | None = None
        self._arrivals: tuple[Arrival, ...] = ()
        self._active: str | None = None   # "forward" / "backward" while it is the step's node
        self._selected = False
        self._dimmed = False
        self._check: CheckLook | None = None
        self._build()
        self.setAcceptHoverEvents(True)
        self.apply_theme(theme)
        self.setToolTip(self._tooltip())

    def _text(self, text: str, points: float, at, bold: bool = False) -> QGraphicsSimpleTextItem:
        item = QGraphicsSimpleTextItem(text, self)
        item.setFont(font(points, bold))
        item.setPos(*at)
        return item

    def _build(self) -> None:
        info, layout = self.facts.info, self.layout
        self.title = self._text(self.facts.heading, TITLE_FONT_PT, layout.title, bold=True)
        self.meta = self._text(caption_text(info), META_FONT_PT, layout.meta)
        self.value_cells = self.grad_cells = None
        self.value_label = self.grad_label = self.sum_label = None
        self.sum_terms: tuple[tuple[str, bool], ...] = ()  # an array's sum: (term, arrived yet)
        if self.is_scalar:
            self.value_label = self._text(UNKNOWN, NUMBER_FONT_PT, layout.value, bold=True)
            if layout.grad is not None:
                self.grad_label = self._text("", NUMBER_FONT_PT, layout.grad)
        else:
            self.value_cells = CellsItem(info.shape, self.facts.heading, "forward", self.theme,
                                         self)
            self.value_cells.setPos(*layout.value)
            if layout.grad is not None:
                self.grad_cells = CellsItem(info.shape, self.facts.grad_name, "gradient",
                                            self.theme, self)
                self.grad_cells.setPos(*layout.grad)
            if layout.sum is not None:
                self.sum_label = QGraphicsTextItem(self)
                self.sum_label.setFont(font(SMALL_FONT_PT))
                self.sum_label.document().setDocumentMargin(0)
                self.sum_label.setPos(*layout.sum)
        self.class_labels = []  # under a classifier's loss card: `LOC  ŷ 0.43  ◂ target`
        self._classes_rect = QRectF()  # their room, measured with ŷ written
        y = layout.height + CLASS_GAP
        for output in self.facts.classes:
            label = self._text(class_text(output.name, 0.0, output.target), SMALL_FONT_PT,
                               (0, y), bold=output.target)
            self._classes_rect = self._classes_rect.united(
                label.mapRectToParent(label.boundingRect()))
            y += label.boundingRect().height()
            self.class_labels.append(label)
        self._show_classes()
        self.badge = BadgeItem(self)
        self.kink_badge = BadgeItem(self)
        # Cards are repainted around every step's changes; their arrays and texts are kept
        # as pixmaps, drawn again only when they change (or the zoom does).
        for part in self.childItems():
            part.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def refit(self, facts: NodeFacts, force: bool = False) -> bool:
        """Take the facts of a new pass of the same graph if they fit this card; False if
        the card must be rebuilt bigger. `force`: take them anyway (the caller checked what
        will show fits)."""
        if not force and not self.layout.holds(card_layout(facts)):
            return False
        self.facts = facts
        # The new pass has reached nothing yet: no number of the old one may stay on the card.
        self._value = self._grad = None
        self._arrivals = ()
        self._draw_state()
        return True

    # ----- geometry -----
    def size(self) -> tuple[float, float]:
        return self.layout.width, self.layout.height

    def boundingRect(self) -> QRectF:
        rect = QRectF(-6, -12, self.layout.width + 12, self.layout.height + 18)
        # The scene keeps room for a classifier's class lines under the card too.
        return rect.united(self._classes_rect) if self.class_labels else rect

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, self.layout.width, self.layout.height)

    def output_point(self) -> QPointF:
        """Where edges leave this node (scene coordinates): the middle of its right side."""
        return self.mapToScene(QPointF(self.layout.width, self.layout.height / 2))

    def input_point(self, fraction: float) -> QPointF:
        """Where an edge enters, `fraction` of the way down the left side (scene coordinates)."""
        return self.mapToScene(QPointF(0, self.layout.height * fraction))

    def place_badges(self) -> None:
        """Pin the check badges to the top-right corner, straddling the card's edge."""
        x = self.layout.width - 4
        for badge in (self.kink_badge, self.badge):
            if badge.isVisible():
                x -= badge.width()
                # Mostly above the card, clear of the cells at its top.
                badge.setPos(x, -0.7 * badge.boundingRect().height())
                x -= 4

    # ----- state -----
    def show_state(self, value: np.ndarray | None, grad: np.ndarray | None,
                   arrivals: Sequence[Arrival] = ()) -> None:
        """Show what is known now: `value` (None until reached), `grad` and its arrivals."""
        arrivals = tuple(arrivals)
        if value is self._value and grad is self._grad and len(arrivals) == len(self._arrivals):
            return
        self._value, self._grad, self._arrivals = value, grad, arrivals
        self._draw_state()

    def _draw_state(self) -> None:
        """Write the known value, gradient and arrivals onto the card and its tooltip."""
        value, grad = self._value, self._grad
        if self.is_scalar:
            self.value_label.setText(UNKNOWN if value is None else number(value))
            if self.grad_label is not None:
                self.grad_label.setText(self._scalar_grad_text())
        else:
            self.value_cells.set_array(value)
            if self.grad_cells is not None:
                self.grad_cells.set_array(grad)
            if self.sum_label is not None:
                self._show_array_sum()
        self._show_classes()
        self.setToolTip(self._tooltip())

    def _show_classes(self) -> None:
        """Each class's ŷ once the loss is computed (with it), the target always marked."""
        known = self._value is not None
        for label, output in zip(self.class_labels, self.facts.classes):
            label.setText(class_text(output.name, output.probability if known else None,
                                     output.target))

    def _scalar_grad_text(self) -> str:
        if self._grad is None:
            return ""
        parts = [float(part.grad) for part in self._arrivals] if self.facts.fan_out > 1 else []
        return scalar_sum(self.facts.grad_name, parts, float(self._grad))

    def _sources(self) -> list[str]:
        return [self.facts.labels[part.source] for part in self._arrivals]

    def _show_array_sum(self) -> None:
        """Every consumer the gradient will come from, each term lit once its part arrived."""
        sources = self.facts.widest_grad_sources
        waiting = Counter(self._sources())
        arrived = []
        for source in sources:
            arrived.append(waiting[source] > 0)
            waiting[source] -= 1
        measure = QFontMetricsF(self.sum_label.font()).horizontalAdvance
        groups = wrap_groups(array_sum_terms(sources), measure, self.layout.sum_width)
        self.sum_terms = tuple(zip(array_sum_terms(sources), arrived))
        self.sum_label.setHtml(sum_html(groups, arrived, self.theme.gradient, self.theme.muted))
        self.sum_label.setToolTip(plain_tooltip(array_sum_tooltip(
            self.facts.grad_name, self._sources(), [part.grad for part in self._arrivals]))
            if self._arrivals else "")

    def _tooltip(self) -> str:
        facts = self.facts
        lines = [facts.description, meta_text(facts.info)]
        if self.is_scalar:
            lines.append(f"{facts.heading} = " +
                         ("not computed yet" if self._value is None else exact(self._value)))
            if self._grad is not None:
                lines.append(f"{facts.grad_name} = {exact(self._grad)}")
                if facts.fan_out > 1:
                    lines += [f"  from {facts.labels[part.source]}: {exact(part.grad)}"
                              for part in self._arrivals]
        else:
            lines.append("hover a cell for its exact value")
        return plain_tooltip("\n".join(lines))  # labels may be the user's words

    # ----- what is on screen -----
    def shown_value(self) -> np.ndarray | None:
        """The value this card displays (None: not reached yet)."""
        return self._value

    def shown_grad(self) -> np.ndarray | None:
        """The gradient this card displays (None: not known yet)."""
        return self._grad

    def value_text(self) -> str:
        """A scalar's number as written on the card ('' for arrays)."""
        return self.value_label.text() if self.value_label is not None else ""

    def grad_text(self) -> str:
        """A scalar's gradient line (`∂f/∂y = 3 + 2 = 5`), or an array's sum, on one line."""
        if self.grad_label is not None:
            return self.grad_label.text()
        if self.sum_label is not None:
            return " ".join(self.sum_label.toPlainText().split())
        return ""

    @property
    def dimmed(self) -> bool:
        return self._dimmed

    @property
    def active(self) -> str | None:
        return self._active

    @property
    def check(self) -> CheckLook | None:
        return self._check

    # ----- looks -----
    def set_dimmed(self, dimmed: bool) -> None:
        """Show that the forward pass has not reached the node: the card recedes into the
        page (its fill, a dashed outline, its title and "?" in the muted colour) while
        every text keeps a contrast of at least 3:1, legible on a projector. Fading the
        card by its opacity did not (2.1:1)."""
        if dimmed != self._dimmed:
            self._dimmed = dimmed
            self._colour_texts()
            self.update()

    def _colour_texts(self) -> None:
        theme, dimmed = self.theme, self._dimmed
        self.title.setBrush(QColor(theme.muted if dimmed else theme.text))
        self.meta.setBrush(QColor(theme.muted))
        for label, colour in ((self.value_label, theme.forward), (self.grad_label, theme.gradient)):
            if label is not None:
                label.setBrush(QColor(theme.muted if dimmed else colour))

    def set_active(self, phase: str | None) -> None:
        """Emphasise the node of the current step: 'forward' or 'backward', or None."""
        if phase != self._active:
            self._active = phase
            self.update()

    def set_selected_look(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self.update()

    def set_check(self, look: CheckLook | None) -> None:
        """Show a gradient check's verdict as badges and a coloured border (None clears)."""
        self._check = look
        ink = QColor(self.theme.background)
        if look is None:
            self.badge.set_badge("", ink, ink)
            self.kink_badge.set_badge("", ink, ink)
        else:
            self.badge.set_badge(look.text, QColor(look.colour), ink, look.tooltip)
            self.kink_badge.set_badge("⚠" if look.kinks else "", QColor(self.theme.positive),
                                      ink, look.kink_tooltip)
        self.place_badges()
        self.update()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._colour_texts()
        for label, output in zip(self.class_labels, self.facts.classes):
            label.setBrush(QColor(theme.forward if output.target else theme.text))
        if self.sum_label is not None:
            self._show_array_sum()
        for cells in (self.value_cells, self.grad_cells):
            if cells is not None:
                cells.set_theme(theme)
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        theme = self.theme
        rect = self.card_rect()
        if self._selected:
            painter.setPen(QPen(QColor(theme.selection), 3.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-4.5, -4.5, 4.5, 4.5), 9, 9)
        if self._active is not None:
            colour = theme.forward if self._active == "forward" else theme.gradient
            pen = QPen(QColor(colour), 3.0)
        elif self._check is not None:
            pen = QPen(QColor(self._check.colour), 2.2)
        elif self._dimmed:
            pen = QPen(QColor(theme.muted), 1.2)
            pen.setDashPattern(DIMMED_DASHES)
        else:
            pen = QPen(QColor(theme.edge), 1.2)
        painter.setPen(pen)
        painter.setBrush(QColor(theme.background if self._dimmed else theme.panel))
        painter.drawRoundedRect(rect, 6, 6)
