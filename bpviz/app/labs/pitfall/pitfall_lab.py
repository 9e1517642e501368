"""The retraining pitfall side by side: small data fine-tuned, small data frozen, large
data fine-tuned, each a word space with its boundary and the three words' trails, the
class television gets under each, play / step / reset, and the lecture's rule."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from bpviz.app.labs.boundary.lab_actions import lab_action

from bpviz.app.labs.pitfall.word_space_plot import GRID, WordSpacePlot
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.pitfall import LARGE_NOTE, RULE, SHOWN, STEPS, TITLES, PitfallSession
from bpviz.labs.pitfall.picture import boundary_segment, screen_grid
from bpviz.labs.pitfall.task import HELD_OUT

STEPS_PER_TICK = 10  # a tick of play: 10 steps of each run (about 60 ticks to the end)
TICK_MS = 30

INTRO = ("A classifier reads the topic word of a sentence and says what it is about: the "
         "screen or the week. The small training set has \"TV\" and \"telly\" but never "
         "\"television\"; the word vectors, pretrained on the village corpus, put the three "
         "together. Shaded orange where the classifier says screen, blue where it says week; "
         "the line is the decision boundary, the dots the task's other words. "
         + LARGE_NOTE)


class PitfallLab(QWidget):
    """Three runs of one PitfallSession drawn side by side, trained step for step.
    `stepped`: the runs stepped, were reset or replaced (a session file has changes)."""

    stepped = Signal()

    def __init__(self, session: PitfallSession | None = None, theme: Theme = LIGHT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = PitfallSession() if session is None else session
        self.theme = theme
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

        rule = QLabel(RULE)
        rule.setObjectName("pitfallRule")
        rule.setWordWrap(True)
        font = QFont(rule.font())
        font.setBold(True)
        rule.setFont(font)
        rule.setTextFormat(Qt.TextFormat.PlainText)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.plots: dict[str, WordSpacePlot] = {}
        self.predictions: dict[str, QLabel] = {}
        panels = QHBoxLayout()
        for name in SHOWN:
            column = QVBoxLayout()
            title = QLabel(TITLES[name])
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.plots[name] = WordSpacePlot(theme)
            self.plots[name].setSizePolicy(QSizePolicy.Policy.Expanding,
                                           QSizePolicy.Policy.Expanding)
            self.predictions[name] = QLabel()
            self.predictions[name].setObjectName(f"prediction_{name}")
            self.predictions[name].setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.predictions[name].setTextFormat(Qt.TextFormat.PlainText)
            column.addWidget(title)
            column.addWidget(self.plots[name], 1)
            column.addWidget(self.predictions[name])
            panels.addLayout(column, 1)

        self.play_action = lab_action(self, "Play", ["Space"], "Train every run, or pause",
                                      self._play_toggled, checkable=True)
        self.step_action = lab_action(self, "Step", ["Right"],
                                      f"{STEPS_PER_TICK} steps of every run",
                                      lambda: self.step(STEPS_PER_TICK))
        self.reset_action = lab_action(self, "Reset", ["Home"],
                                       "Every run back to the pretrained vectors", self.reset)
        self.addActions([self.play_action, self.step_action, self.reset_action])
        self.play_button, self.step_button, self.reset_button = (
            _tool_button(action) for action in (self.play_action, self.step_action,
                                                self.reset_action))
        self.progress = QLabel()
        self.comparison = QLabel()
        self.comparison.setTextFormat(Qt.TextFormat.PlainText)
        controls = QHBoxLayout()
        for widget in (self.play_button, self.step_button, self.reset_button, self.progress):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.comparison)

        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addWidget(intro)
        layout.addLayout(panels, 1)
        layout.addLayout(controls)
        self.refresh()

    # -- driving -------------------------------------------------------------------------
    def play(self) -> None:
        self.play_action.setChecked(True)

    def pause(self) -> None:
        self.play_action.setChecked(False)

    def step(self, count: int = STEPS_PER_TICK) -> None:
        """`count` steps of every run, then redraw."""
        self.session.step(count)
        self.refresh()
        self.stepped.emit()

    def reset(self) -> None:
        self.pause()
        self.session.reset()
        self.refresh()
        self.stepped.emit()

    def show_session(self, session: PitfallSession) -> None:
        """Show `session` (opened from a file), paused."""
        self.pause()
        self.session = session
        self.refresh()

    def _play_toggled(self, playing: bool) -> None:
        if playing and self.session.at_end:
            self.session.reset()
        self.play_action.setText("Pause" if playing else "Play")
        if playing:
            self.timer.start()
        else:
            self.timer.stop()

    def _tick(self) -> None:
        self.step(STEPS_PER_TICK)
        if self.session.at_end:
            self.pause()

    # -- drawing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw every shown run as the session has it now."""
        session = self.session
        extent = session.extent()
        for name, plot in self.plots.items():
            run = session.runs[name]
            _, dots = session.points(name)
            plot.show_run(screen_grid(run, extent, GRID), extent,
                          boundary_segment(run, extent), dots,
                          {word: np.array(trail) for word, trail in run.trails.items()})
            self.predictions[name].setText(self.prediction_text(name))
        self.progress.setText(f"step {session.steps} of {STEPS}")
        gain = session.large_gain()
        self.comparison.setText(
            f"large set classified right: fine-tuned {session.accuracy('large'):.0%}, "
            f"frozen {session.accuracy('large_freeze'):.0%}"
            + (" (no gain with this seed: its pretrained vectors already part the classes)"
               if gain is not None and gain <= 0 else ""))
        self.step_action.setEnabled(not session.at_end)

    def prediction_text(self, name: str) -> str:
        prediction = self.session.runs[name].predict(HELD_OUT)
        return f"{HELD_OUT} → {prediction.label} (p = {prediction.p:.2f})"

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for plot in self.plots.values():
            plot.set_theme(theme)
        self.refresh()


def _tool_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
