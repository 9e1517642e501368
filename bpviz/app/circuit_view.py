"""The stage's circuit view: the computation graph of the lesson on stage, one card per
operation on whole vectors and matrices, replaying the trace step by step.

Values flow in green into each node as the forward pass reaches it; gradients flow in
red back to every parent. Everything drawn comes from the StageModel's trace and
picture; the view never computes a number.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import (
    QFrame, QGraphicsItem, QGraphicsScene, QGraphicsTextItem, QGraphicsView,
)

from bpviz.app.card_layout import card_layout
from bpviz.app.circuit_style import COLUMN_GAP, MAX_ZOOM, ROW_GAP, SMALL_FONT_PT, font
from bpviz.app.circuit_text import grad_name, number, scalar_sum
from bpviz.app.edge_item import BACKWARD, BLOCKED, FORWARD, REST, EdgeItem
from bpviz.app.flow_animation import FlowAnimation
from bpviz.app.gradcheck_look import check_look
from bpviz.app.node_item import NodeFacts, NodeItem, loss_classes
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import LIGHT, Theme
from bpviz.engine import GradcheckReport, Picture, Trace, picture_at
from bpviz.engine.trace import FORWARD as FORWARD_PHASE
from bpviz.layout.layered import Layering, edges, layering, port_position
from bpviz.layout.placement import place
from bpviz.lessons.accumulation import arrivals, fan_out, receivers, silent_parents
from bpviz.lessons.describe import description
from bpviz.lessons.hinge import margin, margin_met, required_margin

SCENE_MARGIN = 18.0
LANE = 6.0  # the height an edge passing through a column takes there
MIN_FIT_ZOOM = 0.3  # fitting never shrinks more than this (a circuit of hundreds of nodes)
HINGE_NOTE = ("<div align='center'><b>{s} − {s_c} = {margin} ≥ {required}</b><br>"
              "<span style='color:{colour}'>margin met: {output} = 0,<br>"
              "no gradient flows back</span></div>")


class CircuitView(QGraphicsView):
    """The circuit of `model`'s lesson. Rebuilt on `lesson_changed`; updated in place on
    every `position_changed`. Click a node to select it; the wheel zooms."""

    def __init__(self, model: StageModel, theme: Theme = LIGHT, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.theme = theme
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        # Fitted, the circuit needs no scroll bars; zoomed in, the hand drags it around.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._flow = FlowAnimation(self._scene, self)
        self._animations = True
        self._nodes: dict[int, NodeItem] = {}
        self._edges: list[EdgeItem] = []
        self._note: QGraphicsTextItem | None = None
        self._built_trace: Trace | None = None
        self._shown: Picture | None = None
        # An animation's update frame: the new pass's start keeps the cards where they are
        # if its numbers fit them (set_layout_kept).
        self._keep_layout = False
        # Gradients kept off the cards (practice asks for them), and what draws over the
        # circuit after each step (practice's marks, the gate patterns): fn(view, picture).
        self.hidden_grads: frozenset[int] = frozenset()
        self.overlays: list = []
        model.lesson_changed.connect(self._rebuild)
        model.position_changed.connect(self._on_position_changed)
        model.selection_changed.connect(self._show_selection)
        model.gradcheck_changed.connect(self._show_check)
        self._rebuild()

    # ----- public -----
    def node_item(self, node_id: int) -> NodeItem:
        """The card of node `node_id`."""
        return self._nodes[node_id]

    def node_items(self) -> dict[int, NodeItem]:
        return dict(self._nodes)

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges)

    def note_text(self) -> str:
        """The note under the output ('J = 0: margin met, …'), or '' when there is none."""
        return self._note.toPlainText() if self._note is not None and self._note.isVisible() else ""

    @property
    def animating(self) -> bool:
        return self._flow.running

    def set_animations_enabled(self, enabled: bool) -> None:
        """Animate values and gradients along the edges (default) or jump straight to each step."""
        self._animations = enabled
        if not enabled:
            self._flow.finish()

    def finish_animation(self) -> None:
        """Skip to the end of the running animation, if any."""
        self._flow.finish()

    def set_layout_kept(self, kept: bool) -> None:
        """While kept, a new pass of the same graph (an update) is shown at its start in the
        cards as they are, if its values fit them, instead of laid out anew for its widest
        numbers (an animation's last frame does not jump); let go, the cards grow if the
        pass on show needs it."""
        self._keep_layout = kept
        trace = self.model.trace
        if not kept and self._built_trace is trace and not all(
                self._nodes[fact.info.id].layout.holds(card_layout(fact))
                for fact in self._facts(trace)):
            self._rebuild()

    def set_hidden_grads(self, node_ids: frozenset[int]) -> None:
        """Keep these nodes' gradients off their cards (shown again once left out)."""
        if node_ids != self.hidden_grads:
            self.hidden_grads = frozenset(node_ids)
            self._show(self.model.picture)

    def set_theme(self, theme: Theme) -> None:
        """Repaint everything in `theme`'s palette."""
        self.theme = theme
        self._rebuild()

    def zoom(self) -> float:
        """The current scale from scene to view."""
        return self.transform().m11()

    presentation = 1.0  # the presentation zoom: the fitted circuit times this

    def set_presentation_zoom(self, factor: float) -> None:
        """Show the circuit `factor` times its fitted size (a projector's Ctrl+=)."""
        self.presentation = factor
        self.fit()

    def fit(self) -> None:
        """Fit the whole circuit in the view, keeping its aspect, never magnifying too much;
        a circuit too big to fit at MIN_FIT_ZOOM shows its start (inputs on the left) there;
        then the presentation zoom."""
        self._fit_whole()
        if self.presentation != 1.0:
            self.scale(self.presentation, self.presentation)

    def _fit_whole(self) -> None:
        rect = self._scene.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > MAX_ZOOM:
            self.setTransform(QTransform.fromScale(MAX_ZOOM, MAX_ZOOM))
            self.centerOn(rect.center())
        elif self.zoom() < MIN_FIT_ZOOM:
            # Smaller, no card could be told apart, and painting them all takes long.
            self.setTransform(QTransform.fromScale(MIN_FIT_ZOOM, MIN_FIT_ZOOM))
            half_width = self.viewport().width() / MIN_FIT_ZOOM / 2
            self.centerOn(min(rect.left() + half_width, rect.center().x()), rect.center().y())

    # ----- building -----
    def _rebuild(self) -> None:
        self._flow.finish()
        self._scene.clear()
        self._flow.forget_scene()
        self._scene.setBackgroundBrush(QColor(self.theme.background))
        trace = self.model.trace
        self._built_trace = trace
        self._nodes = {fact.info.id: NodeItem(fact, self.theme) for fact in self._facts(trace)}
        links = edges(trace.nodes)
        sizes = {node_id: item.size() for node_id, item in self._nodes.items()}
        layers = layering(trace.nodes)
        sizes.update({lane: (0.0, LANE) for lane in layers.grid if lane < 0})
        positions = place(layers.grid, sizes, layers.links, COLUMN_GAP, ROW_GAP)
        for node_id, item in sorted(self._nodes.items()):
            item.setPos(*positions[node_id])
            self._scene.addItem(item)
        self._edges = self._make_edges(links, layers, positions)
        self._note = self._make_note(trace)
        self._scene.setSceneRect(self._content_rect())
        self._shown = None
        self._show(self.model.picture)
        self._show_selection(self.model.selected)
        if self.model.gradcheck_report is not None:  # new cards start without badges
            self._show_check(self.model.gradcheck_report)
        self.fit()

    def _facts(self, trace: Trace) -> list[NodeFacts]:
        """Each node's card facts, with the widest texts it will show in this pass."""
        output = self.model.lesson.output
        end = picture_at(trace, len(trace.steps))
        final = arrivals(trace, len(trace.steps))
        counts, getting = fan_out(trace), receivers(trace)
        labels = {info.id: info.label for info in trace.nodes}
        classes = loss_classes(trace, self.model.lesson, end)  # a classifier's ŷ and target
        facts = []
        for info in trace.nodes:
            is_output = info.id == trace.output
            # A formula's output is the lecture's f, whatever the formula reads.
            title = output if is_output and info.label != output else ""
            what = description(trace, info.id)
            name = grad_name(output, output if is_output else info.label)
            parts = final.get(info.id, ())
            widest_value = widest_grad = ""
            if info.shape == ():
                widest_value = number(end.values[info.id]) if info.id in end.values else ""
                if info.id in end.grads:
                    shown = [float(p.grad) for p in parts] if counts[info.id] > 1 else []
                    widest_grad = scalar_sum(name, shown, float(end.grads[info.id]))
            facts.append(NodeFacts(info, f"{title} = {what}" if title else what, name,
                                   info.id in getting, counts[info.id], labels, widest_value,
                                   widest_grad, tuple(labels[p.source] for p in parts), title,
                                   classes if is_output else ()))
        return facts

    def _refit(self, trace: Trace) -> bool:
        """Adopt another pass of the same graph (after an update) without rebuilding, if
        every card still fits its numbers."""
        if trace.nodes != self._built_trace.nodes or margin_met(trace) or self._note is not None:
            return False  # another graph, or the hinge note comes or goes: build anew
        facts = self._facts(trace)
        kept = self._keep_layout and self.model.index == 0 and all(
            self._nodes[fact.info.id].layout.width >= card_layout(_at_start(fact)).width
            for fact in facts)  # the start shows values only: no gradient line to fit
        if not kept and not all(self._nodes[fact.info.id].layout.holds(card_layout(fact))
                                for fact in facts):
            return False
        for fact in facts:
            self._nodes[fact.info.id].refit(fact, force=kept)
        self._built_trace = trace
        self._shown = None
        return True

    def _make_edges(self, links, layers: Layering, positions) -> list[EdgeItem]:
        """One item per edge, bending only between columns; edges into an op other than
        concat enter in the vertical order they arrive in, so they never cross at the card."""
        grid = layers.grid
        left, right = self._column_sides(grid)
        # Long edges of one parent may share its lanes (a trunk, named by its first lane,
        # each edge running along a prefix of it): place each trunk once and slice it, so
        # a node used n times costs linear, not quadratic, work.
        trunks: dict[int, tuple[int, ...]] = {}
        for chain in layers.lanes.values():
            if len(chain) > len(trunks.get(chain[0], ())):
                trunks[chain[0]] = chain
        trunk_runs = {first: [(left[grid[lane][0]], right[grid[lane][0]],
                               positions[lane][1] + LANE / 2) for lane in trunk]
                      for first, trunk in trunks.items()}
        lanes = {index: trunk_runs[chain[0]][:len(chain)]
                 for index, chain in layers.lanes.items()}
        arriving = {index: lanes[index][-1][2] if index in lanes
                    else self._nodes[link.source].output_point().y()
                    for index, link in enumerate(links)}
        middle = self._middle_ports(links, arriving)
        drawn: dict[int, int] = {}  # how much of each trunk an earlier edge draws
        made = []
        for index, link in enumerate(links):
            child = self._nodes[link.target]
            fraction = port_position(link) if link.ordered else middle[index]
            runs = lanes.get(index, ())
            trunk = layers.lanes[index][0] if runs else 0
            shared = min(len(runs), drawn.get(trunk, 0))
            drawn[trunk] = max(len(runs), drawn.get(trunk, 0))
            item = EdgeItem(link, self._nodes[link.source].output_point(),
                            child.input_point(fraction), self.theme,
                            right[grid[link.source][0]], left[grid[link.target][0]],
                            runs, shared)
            self._scene.addItem(item)
            made.append(item)
        return made

    def _column_sides(self, grid) -> tuple[dict[int, float], dict[int, float]]:
        """The left and right side of each column of cards (scene x)."""
        left: dict[int, float] = {}
        right: dict[int, float] = {}
        for node_id, (column, _) in grid.items():
            if node_id < 0:
                continue  # a lane: no card
            card = self._nodes[node_id].card_rect().translated(self._nodes[node_id].pos())
            left[column] = min(left.get(column, card.left()), card.left())
            right[column] = max(right.get(column, card.right()), card.right())
        return left, right

    @staticmethod
    def _middle_ports(links, arriving: dict[int, float]) -> dict[int, float]:
        """Where each edge enters its child: spread around the middle, in the order of
        the heights the child's edges arrive from (ties by input order)."""
        siblings: dict[int, list[tuple[float, int, int]]] = {}
        for index, link in enumerate(links):
            siblings.setdefault(link.target, []).append((arriving[index], link.port, index))
        fraction = {}
        for group in siblings.values():
            for rank, (*_, index) in enumerate(sorted(group)):
                fraction[index] = 0.5 + 0.5 * ((rank + 1) / (len(group) + 1) - 0.5)
        return fraction

    def _make_note(self, trace: Trace) -> QGraphicsTextItem | None:
        """The 'no gradient flows' note under a max-margin output (hidden until it applies)."""
        if not margin_met(trace):
            return None
        output = self._nodes[trace.output]
        true_score, corrupt_score = (trace.node(parent).label
                                     for parent in trace.node(trace.output).parents)
        note = QGraphicsTextItem()
        note.setFont(font(SMALL_FONT_PT))
        note.setDefaultTextColor(QColor(self.theme.text))
        width = max(output.size()[0] + 24, 170.0)
        note.setTextWidth(width)
        note.setHtml(HINGE_NOTE.format(
            colour=self.theme.gradient, s=true_score, s_c=corrupt_score,
            margin=number(margin(trace)), required=number(required_margin(trace)),
            output=self.model.lesson.output))
        note.setPos(output.x() + output.size()[0] / 2 - width / 2,
                    output.y() + output.size()[1] + 8)
        note.setVisible(False)
        self._scene.addItem(note)
        return note

    def _content_rect(self) -> QRectF:
        rect = QRectF()
        for item in self._nodes.values():
            rect = rect.united(item.sceneBoundingRect())
        if self._note is not None:
            rect = rect.united(self._note.sceneBoundingRect())
        return rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)

    # ----- following the model -----
    def _on_position_changed(self) -> None:
        self._flow.finish()
        picture = self.model.picture
        if self.model.trace is not self._built_trace and not self._refit(self.model.trace):
            self._rebuild()  # a new pass whose numbers need wider cards
            return
        step = picture.step
        before = self._shown
        if (not self._animations or step is None or before is None
                or picture.index != before.index + 1):
            self._show(picture)
            return
        forward = step.phase == FORWARD_PHASE
        targets = [step.node] if forward else sorted({part.to for part in step.contributions})
        self._show(picture, hold=targets)
        paths = [edge.path for edge in self._edges if edge.state in (FORWARD, BACKWARD)]
        if not paths:  # nothing travels (a satisfied hinge): show the step at once
            self._show_nodes(targets, picture)
            return
        colour = self.theme.forward if forward else self.theme.gradient
        self._flow.start(paths, backwards=not forward, colour=colour, ring=self.theme.background,
                         done=lambda: self._show_nodes(targets, picture))

    def _show(self, picture: Picture, hold=()) -> None:
        """Show `picture`; nodes in `hold` keep their old state until their dots arrive."""
        self._shown = picture
        self._show_nodes([node for node in self._nodes if node not in hold], picture)
        step = picture.step
        active = None if step is None else step.node
        for node_id, item in self._nodes.items():
            item.set_active(step.phase if node_id == active else None)
        blocked = self._gradient_blocked(picture)
        for edge in self._edges:
            edge.set_state(self._edge_state(edge, picture, blocked))
            edge.set_dimmed(edge.state == REST and self._nodes[edge.edge.target].dimmed)
        if self._note is not None:
            self._note.setVisible(margin_met(self.model.trace)
                                  and self.model.trace.output in picture.values)
        for overlay in self.overlays:
            overlay(self, picture)

    def _show_nodes(self, node_ids, picture: Picture) -> None:
        arrived = arrivals(self.model.trace, picture.index)
        for node_id in node_ids:
            item = self._nodes[node_id]
            value = picture.values.get(node_id)
            if node_id in self.hidden_grads:
                item.show_state(value, None, ())
            else:
                item.show_state(value, picture.grads.get(node_id), arrived.get(node_id, ()))
            item.set_dimmed(value is None)
        for edge in self._edges:
            if edge.state == REST:
                edge.set_dimmed(self._nodes[edge.edge.target].dimmed)

    def _gradient_blocked(self, picture: Picture) -> bool:
        """The hinge is satisfied and the backward pass has begun: nothing flows from J."""
        return picture.phase == "backward" and margin_met(self.model.trace)

    def _edge_state(self, edge: EdgeItem, picture: Picture, blocked: bool) -> str:
        """Lit if the step's value or gradient travels along `edge`; BLOCKED where a
        satisfied hinge or an exactly zero gradient means nothing does."""
        step = picture.step
        link = edge.edge
        if blocked and link.target == self.model.trace.output:
            return BLOCKED
        if step is None or link.target != step.node:
            return REST
        if step.phase == FORWARD_PHASE:
            return FORWARD
        if link.source in silent_parents(step):
            return BLOCKED
        return BACKWARD if any(part.to == link.source for part in step.contributions) else REST

    def _show_selection(self, node_id) -> None:
        for item_id, item in self._nodes.items():
            item.set_selected_look(item_id == node_id)

    def _show_check(self, report: GradcheckReport | None) -> None:
        """Badge every parameter with its gradient check's relative error (None clears)."""
        checks = {} if report is None else {self._node_for_check(check): check
                                            for check in report.parameters}
        for node_id, item in self._nodes.items():
            item.set_check(check_look(checks.get(node_id), self.theme))

    def _node_for_check(self, check) -> int | None:
        trace = self.model.trace
        if check.node in self._nodes and trace.node(check.node).label == check.label:
            return check.node
        matches = [info.id for info in trace.variables() if info.label == check.label]
        return matches[0] if matches else None

    # ----- input -----
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            node = self._node_at(event.position().toPoint())
            self.model.select(None if node is None else node.node_id)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        event.accept()  # the press selected (or cleared): the click is handled

    def _node_at(self, point) -> NodeItem | None:
        item: QGraphicsItem | None = self.itemAt(point)
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        return item

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            factor = 1.15 ** steps
            self.scale(factor, factor)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()


def _at_start(fact: NodeFacts) -> NodeFacts:
    """What a card shows at a pass's start: its value, no gradient yet."""
    return replace(fact, widest_grad="", widest_grad_sources=())
