"""The decision-boundary lab: softmax regression and a neural net side by side, trained live.

Lecture 3's point made visible: softmax alone draws straight boundaries, the neural net
bends its hidden space until they separate the classes. Self-contained: it works inside
the main window (its `actions()` go into the File and Lab menus) and standalone.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QAction, QColor, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget,
)

from bpviz.app.labs.boundary import lab_icons
from bpviz.app.labs.boundary.control_widgets import section_title
from bpviz.app.labs.boundary.data_controls import DataControls
from bpviz.app.labs.boundary.inside_view import InsideView
from bpviz.app.labs.boundary.lab_actions import lab_action
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.app.labs.boundary.lab_style import lab_palette, lab_style_sheet
from bpviz.app.labs.boundary.model_panel import ModelPanel
from bpviz.app.labs.boundary.network_controls import NetworkControls
from bpviz.app.labs.boundary.notice_bar import NoticeBar
from bpviz.app.labs.boundary.training_bar import TrainingBar
from bpviz.app.plain_text import show_warning
from bpviz.app.presentation import scaled_points
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.boundary.point_density import SCATTER_LIMIT

FRAME_S = 1 / 60          # redraw at most once a frame
DETAIL_HZ = 5             # diagrams and the hidden space, while playing
LEFT_WIDTH, RIGHT_WIDTH = 250, 290
CSV_FILTER = "CSV data sets (*.csv);;All files (*)"
TITLE = "Decision-boundary lab"


class BoundaryLab(QWidget):
    """The whole lab over a LabModel: controls, the two model panels and the net's inside."""

    def __init__(self, model: LabModel, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BoundaryLab")
        self.model = model
        self.theme = theme
        self.last_directory = str(Path.home())
        self._drawn_at = self._details_at = self._draw_cost = 0.0
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self.show_training)
        # A big data set's first paint in four turns: one plot, the other, the diagrams, inside.
        self._second_plot_timer = _next_turn(self, self._show_second_plot)
        self._details_timer = _next_turn(self, self._show_details)
        self._inside_timer = _next_turn(self, lambda: self.inside.show_everything())
        # While playing, the details are redrawn one part a frame (see show_training).
        self._detail_parts: list = []
        self._build_actions()
        self._build_views()
        self._build_layout()
        self.setAcceptDrops(True)
        for action in self.actions():
            self.addAction(action)
            action.setEnabled(False)  # until shown: a hidden lab's keys must not take the stage's
        model.changed.connect(self.show_everything)
        model.trained.connect(self._trained)
        model.error.connect(self.show_error)
        model.diverged.connect(self.notice.show_message)
        model.noticed.connect(self.notice.show_message)
        model.changed.connect(self.notice.clear)  # new data or settings: the advice is done
        model.playing_changed.connect(self._show_playing)
        self.panels["mlp"].diagram.unit_clicked.connect(self.inside.select_unit)
        self.inside.unit_selected.connect(self._unit_selected)
        for panel in self.panels.values():
            panel.plot.clicked.connect(self.plot_clicked)
        if model.net.hidden:
            self.inside.select_unit(1, 0)
        self.set_theme(theme)

    # -- building --------------------------------------------------------------------

    def _build_actions(self) -> None:
        model = self.model
        self.open_action = lab_action(self, "&Open data set…", ["Ctrl+O"],
                                      "Train on a CSV file of x1,x2,label rows", self.open_dialog)
        self.save_action = lab_action(self, "&Save data set…", ["Ctrl+S"],
                                      "Write the lab's data (train and test) as a CSV file",
                                      self.save_dialog)
        self.play_action = lab_action(self, "Play", ["Space"], "Train both models live, or pause",
                                      model.toggle)
        self.stop_action = lab_action(self, "Stop training", ["Esc"],
                                      "Pause playing, or stop an epoch where it is",
                                      model.pause)
        self.step_action = lab_action(self, "Step", ["Right"],
                                      "One minibatch step on both models", model.step)
        self.epoch_action = lab_action(self, "Epoch", ["E"], "One epoch on both models",
                                       model.run_epoch)
        self.reset_action = lab_action(self, "Reset", ["Home"],
                                       "Back to the same initial weights", model.reset)
        self.seed_action = lab_action(self, "New seed", ["N"],
                                      "A new train/test split and new initial weights",
                                      model.new_seed)
        self.draw_action = lab_action(self, "Draw points", ["D"],
                                      "Draw mode: left-click adds a point of the chosen class, "
                                      "right-click removes the nearest", self._drawing_changed,
                                      checkable=True)
        self.regions_action = lab_action(self, "Hard class regions", ["B"],
                                         "Colour each region by its most likely class instead of "
                                         "blending the class probabilities",
                                         self.set_hard_regions, checkable=True)

    def _build_views(self) -> None:
        theme = self.theme
        transport = {"reset": self.reset_action, "play": self.play_action,
                     "step": self.step_action, "epoch": self.epoch_action,
                     "seed": self.seed_action}
        self.training_bar = TrainingBar(self.model, transport)
        self.data_controls = DataControls(
            self.model, {"open": self.open_action, "save": self.save_action,
                         "draw": self.draw_action}, theme)
        self.network_controls = NetworkControls(self.model)
        self.regions_box = QCheckBox("Hard class regions (argmax)")
        self.regions_box.setToolTip(self.regions_action.toolTip())
        self.regions_box.toggled.connect(self.regions_action.setChecked)
        self.regions_action.toggled.connect(self.regions_box.setChecked)
        self.panels = {name: ModelPanel(self.model, name, theme) for name in ("softmax", "mlp")}
        self.inside = InsideView(self.model, theme)
        self.notice = NoticeBar()

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.data_controls)
        left.addSpacing(6)
        left.addWidget(self.network_controls)
        left.addSpacing(6)
        left.addWidget(section_title("View"))
        left.addWidget(self.regions_box)
        left.addStretch(1)
        left_column = _scrolling(_column(left, LEFT_WIDTH))

        right = QVBoxLayout()
        right.addWidget(self.inside)
        right_column = _scrolling(_column(right, RIGHT_WIDTH))

        body = QHBoxLayout()
        body.setContentsMargins(12, 10, 12, 10)
        body.setSpacing(18)
        body.addWidget(left_column)
        body.addWidget(self.panels["softmax"], 1)
        body.addWidget(self.panels["mlp"], 1)
        body.addWidget(right_column)

        content = QWidget()
        content.setObjectName("labContent")
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(0)
        inner.addWidget(self.training_bar)
        inner.addWidget(self.notice)
        inner.addLayout(body, 1)
        # On a small screen (1280×720, 1024×700) the lab scrolls instead of overlapping or
        # growing the window past the screen: its own minimum is the scroll area's.
        self.scroll = QScrollArea()
        self.scroll.setObjectName("labScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    # -- public ----------------------------------------------------------------------

    def actions(self) -> list[QAction]:
        """Open, Save (File menu); Play/Pause, Stop, Step, Epoch, Reset, New seed, Regenerate,
        Draw, Hard regions (Lab menu)."""
        return [self.open_action, self.save_action, self.play_action, self.stop_action,
                self.step_action,
                self.epoch_action, self.reset_action, self.seed_action,
                self.data_controls.regenerate_action, self.draw_action, self.regions_action]

    zoom = 1.0  # the presentation zoom: the lab's text times this

    def set_zoom(self, factor: float) -> None:
        """Set the lab's text `factor` times its size (the plots keep theirs)."""
        self.zoom = factor
        self.set_theme(self.theme)

    def set_theme(self, theme: Theme) -> None:
        """Recolour everything: controls, plots, points, heatmaps and icons."""
        self.theme = theme
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(scaled_points(lab_style_sheet(theme), self.zoom))
        # A style sheet stops palettes from reaching children, so each control gets its own.
        palette = lab_palette(theme)
        for widget in (self, *self.findChildren(QWidget)):
            widget.setPalette(palette)
        self._paint_icons()
        self.data_controls.set_theme(theme)
        self.model.check_pictures()  # weights trained since the last frame may overflow
        for panel in self.panels.values():
            panel.set_theme(theme)
        self.inside.set_theme(theme)
        self.notice.set_theme(theme)

    def set_hard_regions(self, hard: bool) -> None:
        """Argmax regions (True) or probabilities blended by class colour (False)."""
        self.model.check_pictures()  # weights trained since the last frame may overflow
        for panel in self.panels.values():
            panel.set_hard_regions(hard)

    def show_everything(self) -> None:
        """New data, settings or weights: points, heatmaps, curves, diagrams. The inside
        view redraws itself on the same signal (drawing it twice cost a new file's repaint),
        except past SCATTER_LIMIT points: such a first paint is split over event-loop turns,
        each well under 100 ms: the softmax panel's plot now, the neural net's next (each
        density image and heatmap with its paint took ~50 ms), then the diagrams, the
        inside view last."""
        if len(self.model.dataset) > SCATTER_LIMIT:
            first = self.panels["softmax"]
            first.show_data()
            self.show_training(False, inside=False, panels=[first])
            self._second_plot_timer.start()
            return
        for panel in self.panels.values():
            panel.show_data()
        self.show_training(inside=False)

    def _show_second_plot(self) -> None:
        second = self.panels["mlp"]
        second.show_data()
        self.show_training(False, inside=False, panels=[second])
        self._details_timer.start()  # started now: it fires in a later turn, after the paint

    def _show_details(self) -> None:
        self.show_training(True, inside=False)
        self._inside_timer.start()  # started now: it fires in a later turn, after the paint

    def show_training(self, details: bool | None = None, inside: bool = True,
                      panels: list[ModelPanel] | None = None,
                      spread: bool | None = None) -> None:
        """New weights: heatmaps, scores and curves; the diagrams and the inside view
        (slower to draw) too if `details`, by default always when paused and at most
        DETAIL_HZ times a second while playing (the benchmark says when, frame by frame).
        `spread` (by default while playing): the details are redrawn one part a frame,
        from the next frame on (see `detail_parts`), so that no frame draws them all.
        `panels`: only these model panels (default: both)."""
        self.model.check_pictures()  # overflowing weights: stopped, and back at drawable ones
        now = time.perf_counter()
        self._drawn_at = now
        if details is None:
            details = not self.model.playing or now - self._details_at >= 1 / DETAIL_HZ
        if spread is None:
            spread = self.model.playing
        shown = self.panels.values() if panels is None else panels
        for panel in shown:
            panel.show_training(details and not spread)
        self._share_loss_scale()
        if self._detail_parts:  # one part of the last details asked for, a frame
            self._detail_parts.pop(0)()
        if details and spread:
            # Parts still to draw draw the weights of their turn: they are not begun again
            # (on a slow machine they would never reach the last part).
            if not self._detail_parts:
                self._details_at = now
                self._detail_parts = self.detail_parts(list(shown), inside)
        elif details:
            self._details_at = now
            self._detail_parts = []
            if inside:
                self.inside.show_training()
        self._draw_cost = time.perf_counter() - now

    def detail_parts(self, panels: list[ModelPanel], inside: bool = True) -> list:
        """The details' redraw in parts of similar cost, each for a frame of its own while
        playing: the neural net's diagram, the other diagrams with the unit's heatmap, the
        hidden space mapped, then drawn."""
        parts: list = []
        diagrams = [panel for panel in panels if panel.panel == "mlp"]
        others = [panel for panel in panels if panel.panel != "mlp"]
        if diagrams:
            parts.append(lambda: [panel.show_diagram() for panel in diagrams])
        if others or inside:
            def rest() -> None:
                for panel in others:
                    panel.show_diagram()
                if inside:
                    self.inside.show_unit()
            parts.append(rest)
        if inside:
            parts += [self.inside.prepare_space, self.inside.show_space]
        return parts

    def _share_loss_scale(self) -> None:
        """Both loss plots from 0 to the highest loss either recorded: one scale to compare."""
        highest = 0.0
        for name in self.panels:
            curve = self.model.session.curve(name)
            losses = np.concatenate([curve.train_loss, curve.test_loss])
            losses = losses[np.isfinite(losses)]
            if losses.size:
                highest = max(highest, float(losses.max()))
        for panel in self.panels.values():
            panel.curves.set_top(highest or 1.0)

    def plot_clicked(self, x: float, y: float, button: Qt.MouseButton) -> None:
        """In draw mode, a left click adds a point of the chosen class, a right click removes
        the nearest point."""
        if not self.data_controls.drawing:
            return
        if button == Qt.MouseButton.LeftButton:
            self.model.add_point(x, y, self.data_controls.draw_class)
        elif button == Qt.MouseButton.RightButton:
            self.model.remove_nearest(x, y)

    def open_dialog(self) -> None:
        """Ask for a CSV file and train on it; a bad file is reported and the data stay.
        The file is read on a worker thread, with its progress and Cancel in the data column."""
        path, _ = QFileDialog.getOpenFileName(self, "Open data set", self.last_directory,
                                              CSV_FILTER)
        if path:
            self.last_directory = str(Path(path).parent)
            self.model.load_data(path)

    def save_dialog(self) -> None:
        """Ask where to write the data set as CSV, and write it."""
        path, _ = QFileDialog.getSaveFileName(self, "Save data set", self.last_directory,
                                              CSV_FILTER)
        if path:
            if not Path(path).suffix:
                path += ".csv"
            self.last_directory = str(Path(path).parent)
            self.model.save_data(path)

    def show_error(self, message: str) -> None:
        """Tell the user what failed (a bad file names its line); the lab is unchanged."""
        show_warning(self, TITLE, message)  # it quotes file names and fields: plain text

    # -- drag and drop ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_csv(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_csv(event)
        if path is not None:
            event.acceptProposedAction()
            self.model.load_data(path)

    # -- reacting --------------------------------------------------------------------

    def _trained(self) -> None:
        """Redraw now, or at the next frame if the last redraw was less than a frame ago;
        while playing, never in the turn that trained (and may have evaluated).

        A frame lasts at least as long as the last redraw took, so that drawing a big
        net's heatmaps never takes more than about half of the time (training the rest).
        """
        frame = max(FRAME_S, self._draw_cost)
        wait = frame - (time.perf_counter() - self._drawn_at)
        if self.model.playing:
            # Never in the turn that trained (and evaluated): each turn stays short.
            wait = max(wait, 0.001)
        if wait <= 0 and not self._redraw_timer.isActive():
            self.show_training()
        elif not self._redraw_timer.isActive():
            self._redraw_timer.start(max(1, round(wait * 1000)))

    def _show_playing(self, playing: bool) -> None:
        if playing:
            self.notice.clear()  # training goes on: a new stop will say so again
        self.play_action.setText("Pause" if playing else "Play")
        self._paint_icons()
        if not playing:
            self._redraw_timer.stop()
            self.show_training()  # everything, details included, as training left it

    def _drawing_changed(self, drawing: bool) -> None:
        cursor = Qt.CursorShape.CrossCursor if drawing else Qt.CursorShape.ArrowCursor
        for panel in self.panels.values():
            panel.plot.viewport().setCursor(cursor)

    def _unit_selected(self, layer: int, unit: int) -> None:
        self.panels["mlp"].diagram.set_selected((layer, unit) if layer else None)

    def _paint_icons(self) -> None:
        text, muted = QColor(self.theme.text), QColor(self.theme.muted)
        white = QColor("#ffffff")
        icons: dict[str, QIcon] = {shape: lab_icons.icon(shape, text, muted)
                                   for shape in ("reset", "step", "epoch", "seed")}
        icons["play"] = lab_icons.icon("pause" if self.model.playing else "play", white, muted)
        self.training_bar.set_icons(icons)

    def showEvent(self, event) -> None:
        # The lab's keys (Space, Right, Home, …) are the stage's too: only the shown one answers.
        if not event.spontaneous():
            for action in self.actions():
                action.setEnabled(True)
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        if not event.spontaneous():
            self.model.pause()
            for action in self.actions():
                action.setEnabled(False)
        super().hideEvent(event)


def _next_turn(parent: QWidget, slot) -> QTimer:
    """A single-shot timer of 0 ms: started from an event-loop turn, it calls `slot` in a
    later one, once what that turn changed is painted."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer


def _column(layout: QVBoxLayout, width: int) -> QWidget:
    layout.setContentsMargins(0, 0, 0, 0)
    column = QWidget()
    column.setObjectName("labColumn")
    column.setLayout(layout)
    column.setFixedWidth(width)
    return column


def _scrolling(column: QWidget) -> QScrollArea:
    """A column that scrolls on its own when the window is too low for all of it, so the
    model panels beside it keep the whole height."""
    area = QScrollArea()
    area.setObjectName("labScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(column)
    area.setFixedWidth(column.width() + area.verticalScrollBar().sizeHint().width())
    return area


def _dropped_csv(event: QDragEnterEvent | QDropEvent) -> str | None:
    """The local .csv file being dragged, if it is one."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    for url in urls:
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".csv"):
            return url.toLocalFile()
    return None
