"""The transport bar: reset, step back, step, play and scrub through a pass, then update.

Every control is backed by a QAction with a keyboard shortcut (Right, Left, Home, Space,
U, + and −); `actions()` hands them to the main window for its menus. The bar only
moves the StageModel; what it says comes from the model's Stepper.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction, QColor, QIcon, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPalette, QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox, QDoubleSpinBox, QFrame, QHBoxLayout, QLabel, QSizePolicy, QSlider, QStyle,
    QStyleOptionSlider, QToolButton, QVBoxLayout, QWidget,
)

from bpviz.app.icon_canvas import painted_pixmap
from bpviz.app.loss_history import LossHistory
from bpviz.app.palette import error_colour
from bpviz.app.stage_model import StageModel
from bpviz.engine import Trace
from bpviz.lessons.stepper import UpdateSummary

SPEED_RANGE = (0.5, 8.0)     # steps per second
DEFAULT_SPEED = 2.0
LR_RANGE = (1e-4, 10.0)
# Small enough that J falls over several updates (0.82 → 0.70 → 0.58 … for the window
# scorer), large enough that each update visibly moves it.
DEFAULT_LR = 0.01
ICON_SIZE = 18
MIN_LABEL_WIDTH = 60  # a status label shrinks (ending in …) no narrower than this
ALL_ZERO = "every gradient is 0: an update would change nothing"


class TransportBar(QWidget):
    """Buttons, shortcuts and a timeline that walk `model` through its lesson's passes."""

    def __init__(self, model: StageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._icons: dict[str, QIcon] = {}
        self._updating = False  # an error arriving now came from our own update
        self._zero: tuple[Trace | None, bool] = (None, False)  # a pass and whether it is all 0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self._build_actions()
        self._build_controls()
        self._build_layout()
        self._paint_icons()
        self.set_speed(DEFAULT_SPEED)
        model.position_changed.connect(self.refresh)
        model.lesson_changed.connect(self.pause)
        model.error.connect(self._show_error)
        self.refresh()

    # -- public ----------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        """Whether the timer is stepping the model."""
        return self.timer.isActive()

    @property
    def speed(self) -> float:
        """Playback speed in steps per second."""
        return self.speed_box.value()

    def set_speed(self, steps_per_second: float) -> None:
        """Set the playback speed (clamped to SPEED_RANGE)."""
        self.speed_box.setValue(steps_per_second)

    @property
    def learning_rate(self) -> float:
        """The lr the next update uses."""
        return self.lr_box.value()

    def play(self) -> None:
        """Play from here; at the end of the last pass, replay it from its start."""
        stepper = self.model.stepper
        if stepper.at_end:
            if stepper.cycle + 1 < len(stepper.traces):
                self.model.step()  # into the next recorded pass
            else:
                self.model.reset()
        self.timer.start()
        self._sync_play_action()

    def pause(self) -> None:
        """Stop playing, staying at the current step."""
        self.timer.stop()
        self._sync_play_action()

    def toggle_play(self) -> None:
        """Play if paused, pause if playing."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def apply_update(self) -> None:
        """One gradient-descent step with the chosen learning rate (at the end of a pass)."""
        if not self.model.stepper.at_end:
            return
        self.pause()
        self._updating = True
        try:
            self.model.update(self.learning_rate)
        finally:
            self._updating = False

    def faster(self) -> None:
        """Play twice as fast (up to the top speed)."""
        self.set_speed(self.speed * 2)

    def slower(self) -> None:
        """Play half as fast (down to the lowest speed)."""
        self.set_speed(self.speed / 2)

    # -- building --------------------------------------------------------------------

    def _build_actions(self) -> None:
        model = self.model
        self.reset_action = self._action("Reset", ["Home"], "Back to the start of the pass",
                                         self._paused(model.reset))
        self.back_action = self._action("Step back", ["Left"], "One step back",
                                        self._paused(model.back))
        self.step_action = self._action("Step", ["Right"], "One step forward",
                                        self._paused(model.step))
        self.play_action = self._action("Play", ["Space"],
                                        "Play or pause; at the end, replay the pass",
                                        self.toggle_play)
        self.update_action = self._action(
            "Update", ["U"], "Apply one gradient-descent step θ ← θ − lr·∂J/∂θ "
            "(at the end of the backward pass)", self.apply_update)
        self.faster_action = self._action("Faster", ["+", "="], "Play twice as fast", self.faster)
        self.slower_action = self._action("Slower", ["-"], "Play half as fast", self.slower)

    def _action(self, text: str, keys: Sequence[str], tip: str,
                slot: Callable[[], None]) -> QAction:
        """An action of this bar with window-wide shortcuts and a tooltip naming them."""
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        # Window-wide, so the keys work wherever the focus is in the bar's window.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip} ({_key_names(keys)})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _paused(self, move: Callable[[], None]) -> Callable[[], None]:
        """`move`, after pausing: stepping by hand takes over from playing."""
        def paused_move() -> None:
            self.pause()
            move()
        return paused_move

    def _build_controls(self) -> None:
        self.reset_button = _tool_button(self.reset_action)
        self.back_button = _tool_button(self.back_action)
        self.step_button = _tool_button(self.step_action)
        self.play_button = _tool_button(self.play_action)

        self.slider = _Timeline(Qt.Orientation.Horizontal)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setToolTip("Scrub through the pass: drag to any step "
                               "(Left and Right step, Home resets)")
        self.slider.valueChanged.connect(self._scrubbed)

        self.position_label = _ElidedLabel()
        self.position_label.setObjectName("position")
        self.position_label.setToolTip("Where the pass is: the step and the node it reaches")
        font = self.position_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.position_label.setFont(font)

        self.update_label = _ElidedLabel()
        self.update_label.setObjectName("update_summary")
        self.update_label.setToolTip("What the last update did to the loss")
        self.update_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.loss_history = LossHistory(self.model)

        self.speed_box = _spin_box(SPEED_RANGE, decimals=1, step=0.5, suffix=" steps/s")
        self.speed_box.setToolTip("Playback speed in steps per second (+ faster, − slower)")
        self.speed_box.valueChanged.connect(self._speed_changed)

        self.lr_box = _spin_box(LR_RANGE, decimals=4, step=0.01, suffix="")
        # Adaptive steps go up and down by about a tenth of the value: log-friendly.
        self.lr_box.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.lr_box.setValue(DEFAULT_LR)
        self.lr_box.setToolTip("The learning rate lr of the update θ ← θ − lr·∂J/∂θ "
                               "(U updates)")

        self.update_button = QToolButton()
        self.update_button.setDefaultAction(self.update_action)
        self.update_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.update_button.setMinimumWidth(72)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for button in (self.reset_button, self.back_button, self.step_button, self.play_button):
            buttons.addWidget(button)

        timeline = QHBoxLayout()
        timeline.setSpacing(12)
        timeline.addLayout(buttons)
        timeline.addWidget(self.slider, 1)
        timeline.addWidget(self.loss_history)
        timeline.addWidget(_caption("Speed", self.speed_box))
        timeline.addWidget(self.speed_box)

        status = QHBoxLayout()
        status.setSpacing(12)
        self.status_line = _StatusLine(self.position_label, self.update_label)
        status.addWidget(self.status_line, 1)
        status.addWidget(_separator())
        status.addWidget(_caption("Learning rate", self.lr_box))
        status.addWidget(self.lr_box)
        status.addWidget(self.update_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(timeline)
        layout.addLayout(status)

    # -- reacting --------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the model's position: slider, label, summary and which controls apply."""
        stepper = self.model.stepper
        self.slider.blockSignals(True)  # the model moved; this is no scrub
        self.slider.setRange(0, stepper.last_index)
        self.slider.setValue(stepper.index)
        self.slider.blockSignals(False)
        self.position_label.setText(stepper.position_text())
        self.position_label.setToolTip(stepper.position_text())
        self.status_line.arrange()
        nothing_to_learn = stepper.at_end and self._all_zero()
        self._show_summary(_summary_of_cycle(stepper.updates, stepper.cycle), nothing_to_learn)
        has_next = stepper.cycle + 1 < len(stepper.traces)
        self.reset_action.setEnabled(stepper.index > 0)
        self.back_action.setEnabled(stepper.index > 0 or stepper.cycle > 0)
        self.step_action.setEnabled(not stepper.at_end or has_next)
        self.update_action.setEnabled(stepper.at_end and not nothing_to_learn)

    def _all_zero(self) -> bool:
        """Whether the pass on show gives every variable a zero gradient (asked once a pass)."""
        trace = self.model.trace
        if self._zero[0] is not trace:
            self._zero = (trace, self.model.stepper.all_gradients_zero())
        return self._zero[1]

    def _show_summary(self, summary: UpdateSummary | None, nothing_to_learn: bool = False) -> None:
        """What the update that began this pass did, in red when it made the loss rise; at
        the end of a pass with no gradient, why Update is off."""
        if nothing_to_learn:
            text, rose = ALL_ZERO, False
        else:
            text = "" if summary is None else summary.text(self.model.lesson.output)
            rose = summary is not None and summary.rose
        self.update_label.set_message(text, is_error=rose)
        self.update_label.setToolTip(text or "What the last update did to the loss")
        self.status_line.arrange()

    def _show_error(self, message: str) -> None:
        """A failed update (divergence) says why, in red, where its summary would be."""
        if self._updating:
            self.update_label.set_message(message, is_error=True)
            self.update_label.setToolTip(message)
            self.status_line.arrange()

    def _tick(self) -> None:
        """One step of playing; stop at the end of the pass (an update is the user's call)."""
        if not self.model.stepper.at_end:
            self.model.step()
        if self.model.stepper.at_end:
            self.pause()

    def _scrubbed(self, index: int) -> None:
        self.pause()
        self.model.seek(index)

    def _speed_changed(self, steps_per_second: float) -> None:
        self.timer.setInterval(round(1000 / steps_per_second))

    def _sync_play_action(self) -> None:
        playing = self.playing
        self.play_action.setText("Pause" if playing else "Play")
        self.play_action.setIcon(self._icons["pause" if playing else "play"])

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the icons in the new palette's colours (light and dark themes)."""
        if event.type() == QEvent.Type.PaletteChange and self._icons:
            self._paint_icons()
        super().changeEvent(event)

    def _paint_icons(self) -> None:
        self._icons = {shape: _icon(shape, self.palette()) for shape in _SHAPES}
        self.reset_action.setIcon(self._icons["reset"])
        self.back_action.setIcon(self._icons["back"])
        self.step_action.setIcon(self._icons["step"])
        self._sync_play_action()


class _Timeline(QSlider):
    """The pass's timeline: a click on the groove jumps to that step (and may drag on from
    there), instead of moving one step towards it."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            style = self.style()
            handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                          QStyle.SubControl.SC_SliderHandle, self)
            if not handle.contains(event.position().toPoint()):
                groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                              QStyle.SubControl.SC_SliderGroove, self)
                span = groove.width() - handle.width()
                x = round(event.position().x() - groove.x() - handle.width() / 2)
                self.setValue(QStyle.sliderValueFromPosition(
                    self.minimum(), self.maximum(), x, span, option.upsideDown))
        super().mousePressEvent(event)  # the handle is under the cursor now: a drag goes on


class _ElidedLabel(QLabel):
    """A one-line label that ends in … when it is too narrow, keeping its whole text();
    red while `is_error`."""

    is_error = False

    def set_message(self, text: str, is_error: bool = False) -> None:
        self.is_error = is_error
        self.setText(text)
        self.update()

    def text_width(self) -> int:
        """The width its whole text needs."""
        return self.fontMetrics().horizontalAdvance(self.text()) + 4

    def paintEvent(self, event: QPaintEvent) -> None:
        area = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, area.width())
        palette = self.palette()
        painter = QPainter(self)
        painter.setPen(error_colour(palette) if self.is_error
                       else palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(area, int(self.alignment()), text)


class _StatusLine(QWidget):
    """The position on the left and the update's summary on the right, sharing one line:
    each whole while both fit; else the summary gives way first (down to SUMMARY_SHARE of
    the line), then the position, each ending in …."""

    SUMMARY_SHARE = 0.4
    SPACING = 12

    def __init__(self, position: _ElidedLabel, summary: _ElidedLabel) -> None:
        super().__init__()
        self.position, self.summary = position, summary
        for label in (position, summary):
            label.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        height = max(self.position.sizeHint().height(), self.summary.sizeHint().height())
        return QSize(self.position.text_width() + self.SPACING + self.summary.text_width(),
                     height)

    def minimumSizeHint(self) -> QSize:
        return QSize(2 * MIN_LABEL_WIDTH, self.sizeHint().height())

    def arrange(self) -> None:
        """Give each label its width for the texts they hold now."""
        width, height = self.width(), self.height()
        wanted = self.summary.text_width() if self.summary.text() else 0
        room = max(0, width - (self.SPACING if wanted else 0))
        if wanted + self.position.text_width() > room:  # not both: the summary gives way
            wanted = min(wanted, max(round(room * self.SUMMARY_SHARE),
                                     room - self.position.text_width()))
        self.position.setGeometry(0, 0, room - wanted, height)
        self.summary.setGeometry(width - wanted, 0, wanted, height)
        self.summary.setVisible(wanted > 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.arrange()



def _summary_of_cycle(updates: Sequence[UpdateSummary], cycle: int) -> UpdateSummary | None:
    """The update that started pass `cycle`, if one did."""
    return next((update for update in updates if update.cycle == cycle), None)


def _key_names(keys: Sequence[str]) -> str:
    return " or ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                       for key in keys)


def _tool_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
    button.setFixedSize(34, 30)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the shortcuts, not a button
    return button


def _spin_box(bounds: tuple[float, float], decimals: int, step: float,
              suffix: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(*bounds)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setKeyboardTracking(False)
    return box


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    label.setToolTip(buddy.toolTip())
    return label


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line



# Each icon as polygons on an 18×18 grid: ⏮ reset, |◀ back, ▶| step, ▶ play, ‖ pause.
_SHAPES: dict[str, list[list[tuple[float, float]]]] = {
    "reset": [[(3, 3), (5, 3), (5, 15), (3, 15)], [(10, 3), (10, 15), (5, 9)],
              [(16, 3), (16, 15), (10, 9)]],
    "back": [[(4, 3), (6, 3), (6, 15), (4, 15)], [(15, 3), (15, 15), (6, 9)]],
    "step": [[(12, 3), (14, 3), (14, 15), (12, 15)], [(3, 3), (3, 15), (12, 9)]],
    "play": [[(5, 2.5), (5, 15.5), (15, 9)]],
    "pause": [[(4.5, 3), (7.5, 3), (7.5, 15), (4.5, 15)],
              [(10.5, 3), (13.5, 3), (13.5, 15), (10.5, 15)]],
}


def _icon(shape: str, palette: QPalette) -> QIcon:
    """A crisp vector icon in the palette's button-text colour, greyed when disabled."""
    icon = QIcon()
    for mode, group in ((QIcon.Mode.Normal, QPalette.ColorGroup.Active),
                        (QIcon.Mode.Disabled, QPalette.ColorGroup.Disabled)):
        icon.addPixmap(_pixmap(_SHAPES[shape], palette.color(group, QPalette.ColorRole.ButtonText)),
                       mode)
    return icon


def _pixmap(polygons: list[list[tuple[float, float]]], colour: QColor) -> QPixmap:
    def draw(painter: QPainter) -> None:
        for points in polygons:
            painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    return painted_pixmap(ICON_SIZE, colour, draw)

