"""The neuron view: the window lessons' network with every scalar unit and every weight drawn.

Linked to the circuit view through the StageModel: selecting a node there highlights its
units here, clicking a unit or an edge here selects its node there.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter, QTransform
from PySide6.QtWidgets import (
    QButtonGroup, QGraphicsView, QHBoxLayout, QLabel, QStackedWidget, QToolButton,
    QToolTip, QVBoxLayout, QWidget,
)

from bpviz.app.neuron_items import EdgeItem, UnitItem
from bpviz.app.neuron_scene import NeuronScene, scene_width
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import LIGHT, Theme
from bpviz.engine import Picture, Trace
from bpviz.lessons.neuron_state import (
    NeuronState, edge_text, neuron_state, unit_text, window_gradient_name,
)
from bpviz.lessons.neurons import (
    CORRUPT_WINDOW, TRUE_WINDOW, Network, NeuronStructure, highlight, neuron_structure,
    node_of_connection, node_of_unit, output_names, step_windows, window_for,
)
from bpviz.lessons.practice_hiding import picture_without

NO_UNITS_MESSAGE = ("The neuron view shows the window lessons' units; "
                    "the expression circuit has none.")
WINDOW_BUTTONS = ((TRUE_WINDOW, "true window"), (CORRUPT_WINDOW, "corrupt window"))
FIT_MARGIN = 2  # pixels left free on each side of the fitted network
FIT_ROUNDS = 8  # at most, to fit the network and its labels sized for that fit


class _HeldRepaint(QObject):
    """Holds back a window's repaint request while it is installed (and says so)."""

    held = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        if event.type() == QEvent.Type.UpdateRequest:
            self.held = True
            return True
        return False


class NeuronCanvas(QGraphicsView):
    """Shows a NeuronScene fitted to the widget; reports clicks and asks for tooltip texts."""

    clicked = Signal(object)  # the UnitItem or EdgeItem clicked, or None for empty space

    def __init__(self, describe, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._describe = describe  # item → tooltip text, asked only when a tooltip shows
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setMouseTracking(True)

    presentation = 1.0  # the presentation zoom: the fitted network times this

    def repaint_with_window(self) -> None:
        """Hand the scene's changed items to the window's next paint now. Qt hands them
        over in a queued call that also repaints the window at once; after the circuit
        scene's own such call, that was a second window repaint each step."""
        scene = self.scene()
        if scene is None:
            return
        window = self.window()
        held = _HeldRepaint()
        window.installEventFilter(held)
        try:
            QCoreApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)
        finally:
            window.removeEventFilter(held)
        if held.held:  # the window's repaint request goes back in the queue, behind the step
            QCoreApplication.postEvent(window, QEvent(QEvent.Type.UpdateRequest))

    def set_presentation_zoom(self, factor: float) -> None:
        """Show the network `factor` times its fitted size; past 1 it scrolls."""
        self.presentation = factor
        policy = (Qt.ScrollBarPolicy.ScrollBarAsNeeded if factor > 1.0
                  else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)
        self.fit()

    def fit(self) -> None:
        """Spread the network to the widget's shape and scale it to fill the widget,
        keeping its proportions (times the presentation zoom)."""
        scene = self.scene()
        # The widget's room without scroll bars: the ones a zoom brings must not shrink
        # the fitted size the zoom multiplies. Qt's fitInView keeps 2 pixels a side.
        room = self.maximumViewportSize() - QSize(2 * FIT_MARGIN, 2 * FIT_MARGIN)
        if scene is None or room.width() <= 0 or room.height() <= 0:
            return
        scene.set_width(scene_width(room.width() / room.height()))
        rect = scene.sceneRect()
        scale = min(room.width() / rect.width(), room.height() / rect.height())
        # Labels magnified to stay readable take room, which shrinks the fit a little:
        # a few rounds settle it (each changes the scale a fifth as much as the last).
        # Sized for the fitted network: the presentation zoom magnifies it all alike.
        for _ in range(FIT_ROUNDS):
            if not scene.set_view_scale(scale):
                break
            rect = scene.sceneRect()
            scale = min(room.width() / rect.width(), room.height() / rect.height())
        self.setTransform(QTransform.fromScale(scale * self.presentation,
                                               scale * self.presentation))
        self.centerOn(rect.center())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def item_at(self, point: QPointF) -> UnitItem | EdgeItem | None:
        """The unit or edge under a viewport point."""
        scene = self.scene()
        return scene.item_under(self.mapToScene(point.toPoint())) if scene else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.item_at(event.position()))
        super().mousePressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            # PySide6 hands over the QHelpEvent itself: pos() and globalPos() are there.
            item = self.item_at(QPointF(event.pos()))
            if item is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._describe(item), self)
            return True
        return super().viewportEvent(event)


class NeuronView(QWidget):
    """Every unit and weight of the lesson's network; a toggle between the two windows.

    `window_changed(name)` when it switches between "true" and "corrupt".
    """

    window_changed = Signal(str)

    def __init__(self, model: StageModel, theme: Theme = LIGHT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NeuronView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.model = model
        self.theme = theme
        self.shown_window = TRUE_WINDOW
        self.structure: NeuronStructure | None = None
        self.scene: NeuronScene | None = None
        self._scenes: dict[str, NeuronScene] = {}  # each window's, kept: steps switch often
        self._trace: Trace | None = None
        self._state: NeuronState | None = None
        self._edges_text = ""
        self.hidden_grads: frozenset[int] = frozenset()  # practice asks for these
        self._build_widgets()
        model.lesson_changed.connect(self._rebuild)
        model.position_changed.connect(self._stepped)
        model.selection_changed.connect(self._show_selection)
        self._rebuild()
        self.set_theme(theme)

    def _build_widgets(self) -> None:
        self.window_buttons = QButtonGroup(self)
        header = QHBoxLayout()
        header.setContentsMargins(10, 6, 10, 2)
        header.setSpacing(4)
        for window, text in WINDOW_BUTTONS:
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setObjectName("windowButton")
            button.clicked.connect(lambda _=False, name=window: self.show_window(name))
            self.window_buttons.addButton(button)
            header.addWidget(button)
        self.step_hint = QLabel()  # says when the step works on the window not shown
        self.step_hint.setObjectName("stepHint")
        header.addSpacing(10)
        header.addWidget(self.step_hint)
        header.addStretch()
        self.legend = QLabel()
        self.mode_label = QLabel()
        self.mode_label.setObjectName("modeLabel")
        self.mode_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.legend)
        header.addSpacing(16)
        header.addWidget(self.mode_label)

        self.canvas = NeuronCanvas(self.describe_item)
        self.canvas.clicked.connect(self._clicked)
        self.message = QLabel(NO_UNITS_MESSAGE)
        self.message.setObjectName("message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.canvas)
        self.pages.addWidget(self.message)

        self.header = QWidget()
        self.header.setLayout(header)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)

    # public API

    @property
    def network(self) -> Network | None:
        """The network on screen, or None when the lesson has none (an expression)."""
        return self.structure.network(self.shown_window) if self.structure else None

    @property
    def showing_message(self) -> bool:
        return self.pages.currentWidget() is self.message

    @property
    def edges_text(self) -> str:
        """The mode indicator's text: `edges: W, u` or `edges: ∂J/∂W, ∂J/∂u`."""
        return self._edges_text

    def show_window(self, window: str) -> None:
        """Show the "true" or the "corrupt" window's units (same W and u)."""
        if self.structure is None or window not in self.structure.windows:
            raise ValueError(f"no {window} window in this lesson")
        changed = window != self.shown_window
        self.shown_window = window
        self._check_window_button()
        if changed:
            self._build_scene()
            self.window_changed.emit(window)

    def set_theme(self, theme: Theme) -> None:
        """Recolour the view and its header for `theme`."""
        self.theme = theme
        self.setStyleSheet(_style_sheet(theme))
        self.legend.setText(
            f'<span style="color:{theme.positive}; font-weight:bold">━━</span> + &nbsp; '
            f'<span style="color:{theme.negative}; font-weight:bold">━━</span> − &nbsp; '
            f'<span style="color:{theme.muted}">width ∝ |value|</span>')
        self.canvas.setBackgroundBrush(Qt.GlobalColor.transparent)
        for scene in self._scenes.values():
            scene.set_theme(theme)
        self._show_mode()
        if self.structure is not None:
            self._show_step_hint()

    def describe_item(self, item: UnitItem | EdgeItem) -> str:
        """The tooltip of a unit or an edge: its exact value and gradient with its index."""
        network, trace, picture = self.network, self.model.trace, self._picture()
        if isinstance(item, UnitItem):
            return unit_text(network, trace, picture, *item.key)
        return edge_text(network, trace, picture, item.connection, item.row, item.col)

    def set_hidden_grads(self, node_ids: frozenset[int]) -> None:
        """Keep these nodes' gradients (and the parts arrived so far) off the units and
        edges: their weights and values show instead."""
        if node_ids != self.hidden_grads:
            self.hidden_grads = frozenset(node_ids)
            self._refresh()

    def _picture(self) -> Picture:
        """The stage's picture without the hidden gradients."""
        return picture_without(self.model.picture, self.hidden_grads)

    # reacting to the model

    def _rebuild(self) -> None:
        """A new lesson: find its networks and lay them out."""
        self._trace = self.model.trace
        self.structure = neuron_structure(self._trace, output_names(self.model.lesson))
        self.canvas.setScene(None)
        for scene in self._scenes.values():
            scene.deleteLater()
        self._scenes = {}
        if self.structure is None:
            self.scene, self._state, self._edges_text = None, None, ""
            self.pages.setCurrentWidget(self.message)
            self.header.setVisible(False)
            return
        if self.shown_window not in self.structure.windows:
            self.shown_window = self.structure.windows[0]
        self.pages.setCurrentWidget(self.canvas)
        self.header.setVisible(True)
        for button in self.window_buttons.buttons():
            button.setVisible(len(self.structure.windows) > 1)
        self._check_window_button()
        self._build_scene()
        self._reserve_mode_width()

    def _build_scene(self) -> None:
        """Show the shown window's scene, laid out the first time it is shown."""
        if self.shown_window not in self._scenes:
            self._scenes[self.shown_window] = NeuronScene(self.network, self.model.trace,
                                                          self.theme)
        self.scene = self._scenes[self.shown_window]
        self.canvas.setScene(self.scene)
        self.scene.set_highlight(highlight(self.network, self.model.selected))
        self._refresh()
        self.canvas.fit()

    def _stepped(self) -> None:
        """A step: show the window it works in (the corrupt one while it computes h_c);
        the user may look at the other one until the next step."""
        if self.structure is not None and self.model.trace is self._trace:
            windows = step_windows(self.structure, self.model.trace, self.model.picture.step)
            if windows and self.shown_window not in windows:
                self.show_window(windows[0])  # lays out that window and shows the step
                return
        self._refresh()

    def _refresh(self) -> None:
        """A step (or an update's new trace): restyle the items in place."""
        if self.model.trace is not self._trace:
            self._trace = self.model.trace
            if neuron_structure(self._trace, output_names(self.model.lesson)) != self.structure:
                self._rebuild()  # an update recorded a differently shaped graph
                return
        if self.scene is None:
            return
        state = neuron_state(self.network, self.model.trace, self._picture())
        self.scene.show_state(state)
        self.canvas.repaint_with_window()
        self._show_mode(state)
        self._show_step_hint()

    def _show_selection(self, node_id: int | None) -> None:
        if self.structure is None:
            return
        window = window_for(self.structure, node_id, self.shown_window)
        if window != self.shown_window:
            self.show_window(window)  # the node only exists in the other window
        self.scene.set_highlight(highlight(self.network, node_id))

    def _clicked(self, item: UnitItem | EdgeItem | None) -> None:
        if isinstance(item, UnitItem):
            self.model.select(node_of_unit(self.network, *item.key))
        elif isinstance(item, EdgeItem):
            self.model.select(node_of_connection(self.network, item.connection))
        else:
            self.model.select(None)

    def _check_window_button(self) -> None:
        for button, (window, _) in zip(self.window_buttons.buttons(), WINDOW_BUTTONS):
            button.setChecked(window == self.shown_window)

    def _show_mode(self, state: NeuronState | None = None) -> None:
        """The mode indicator, each gradient in the gradient colour: `edges: W, ∂J/∂u`."""
        self._state = state or self._state
        if self._state is None:
            return
        self._edges_text = self._state.edges_text
        parts = [f'<span style="color:{self.theme.gradient if c.gradient else self.theme.text}">'
                 f"{c.label}</span>" for c in self._state.connections]
        self.mode_label.setText(f"<b>edges: {', '.join(parts)}</b>")

    def _show_step_hint(self) -> None:
        picture = self.model.picture
        windows = step_windows(self.structure, self.model.trace, picture.step)
        elsewhere = [w for w in windows if w != self.shown_window]
        if elsewhere and self.shown_window not in windows:
            colour = self.theme.gradient if picture.phase == "backward" else self.theme.forward
            self.step_hint.setText(f'<span style="color:{colour}">◂ this step is in the '
                                   f"{elsewhere[0]} window</span>")
        else:
            self.step_hint.setText("")

    def _reserve_mode_width(self) -> None:
        """Room for the longest indicator (every edge a gradient), so the header never jumps."""
        self.mode_label.ensurePolished()
        bold = QFont(self.mode_label.font())
        bold.setBold(True)
        longest = "edges: " + ", ".join(
            window_gradient_name(self.model.trace, self.network, connection)
            for connection in self.network.connections)
        self.mode_label.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(longest) + 12)


def _style_sheet(theme: Theme) -> str:
    """The header's and message's look for a theme (scoped to this view)."""
    return f"""
    #NeuronView {{ background: {theme.background}; }}
    #NeuronView QLabel {{ color: {theme.text}; font-size: 10pt; }}
    #NeuronView QLabel#message {{ color: {theme.muted}; font-size: 13pt; padding: 24px; }}
    #NeuronView QGraphicsView {{ background: {theme.background}; border: none; }}
    #NeuronView QToolButton#windowButton {{
        color: {theme.text}; background: {theme.panel}; font-size: 10pt;
        border: 1px solid {theme.muted}; padding: 3px 10px; }}
    #NeuronView QToolButton#windowButton:checked {{
        background: {theme.text}; color: {theme.background}; border-color: {theme.text}; }}
    """
