"""File → Export animation: the lesson's pass (its step range, optionally the update) or
epochs of a lab, as a GIF or an MP4, with a frame rate and a width; a progress bar with
Cancel while the window stays responsive. Without imageio-ffmpeg the dialog says how to
install it and offers GIF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSpinBox, QWidget,
)

from bpviz.app.export.animation import AnimationExport
from bpviz.app.export.encode import INSTALL_HINT, MAX_FPS, mp4_available
from bpviz.app.export.export_dialog import ExportDialog
from bpviz.app.export.frames import MAX_FRAMES, held_at, lab_plan, pass_plan
from bpviz.data.picture_limits import MAX_FRAME_SIDE
from bpviz.app.export.views import ExportView, bring_forward
from bpviz.app.plain_text import plain
from bpviz.app.settings_form import note_label
from bpviz.errors import BpvizError

FILTERS = {".gif": "Animated GIF (*.gif)", ".mp4": "MP4 video (*.mp4)"}
FORMATS = {".gif": "Animated GIF", ".mp4": "MP4 video"}


class ExportAnimationDialog(ExportDialog):
    """Choose what to animate and how, then watch it being made (or cancel it)."""

    def __init__(self, page, views: list[ExportView], folder: str,
                 parent: QWidget | None = None) -> None:
        super().__init__("Export animation", views, FORMATS, FILTERS, folder, parent)
        self.page = page
        self.stage = page.name == "stage"
        self.exporter: AnimationExport | None = None
        self.mp4 = mp4_available()
        self.hint = plain(QLabel(INSTALL_HINT))
        self.hint.setWordWrap(True)
        if not self.mp4:
            self.format_box.model().item(1).setEnabled(False)
        self.hint.setVisible(not self.mp4)
        self.fps_box = _spin(1, MAX_FPS, 2 if self.stage else 4, " frames/s")
        self.width_box = _spin(16, MAX_FRAME_SIDE, 800, " px")
        self.from_box = self.to_box = self.epochs_box = None
        self.update_box = QCheckBox("Then the update (U), one frame after it")
        self.progress = QProgressBar()
        self.progress.hide()
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self._layout()
        self.view_box.currentIndexChanged.connect(self._view_changed)
        self._view_changed()

    def _layout(self) -> None:
        form = QFormLayout(self)
        form.addRow("View:", self.view_box)
        if self.stage:
            last = len(self.page.model.trace.steps)
            held = held_at(self.page)
            reach = last if held is None else held
            self.from_box, self.to_box = _spin(0, reach, 0, ""), _spin(0, reach, reach, "")
            steps = QHBoxLayout()
            steps.addWidget(self.from_box)
            steps.addWidget(QLabel("to"))
            steps.addWidget(self.to_box)
            steps.addWidget(QLabel(f"of 0–{last} (the start, then each step)"))
            form.addRow("Steps:", steps)
            form.addRow("", self.update_box)
            if held is not None:  # practice: the steps after the question stay hidden
                self.update_box.setEnabled(False)
                self.practice_note = note_label("practice")
                self.practice_note.setText(
                    f"Practice is on: the pass is held at step {held}, before the gradient "
                    f"still to be answered, so the animation can reach step {held} only. "
                    "Turn practice off (P) to animate the whole pass.")
                form.addRow("", self.practice_note)
        elif self.page.name != "pitfall":
            self.epochs_box = _spin(1, MAX_FRAMES - 1, 20, " epochs")
            form.addRow("Train:", self.epochs_box)
        else:
            form.addRow("Train:", QLabel("the whole run, 20 steps a frame"))
        form.addRow("Frame rate:", self.fps_box)
        form.addRow("Width:", self.width_box)
        form.addRow("Format:", self.format_box)
        form.addRow("", self.hint)
        form.addRow("File:", self.file_row())
        form.addRow(self.progress)
        form.addRow(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        form.addRow(buttons)

    def export(self) -> bool:
        """Start making the animation; False (and why, in the dialog) if it cannot start."""
        if self.exporter is not None and self.exporter.running:
            return False
        try:
            path = self.chosen_path()
            bring_forward(self.view.widget)  # a dock's view behind another tab: to the front
            plan = self._plan()
            self.exporter = AnimationExport(plan, self.view.widget, path, self.fps_box.value(),
                                            self._width(), self)
        except BpvizError as problem:
            self.say(str(problem))
            return False
        self.exporter.progress.connect(self._progressed)
        self.exporter.finished.connect(self._finished)
        self.exporter.failed.connect(self._failed)
        self.exporter.cancelled.connect(lambda: self._failed("cancelled: nothing was written"))
        self._running(True)
        self.exporter.start()
        return True

    def cancel(self) -> None:
        """While exporting: stop it (no file); else close the dialog."""
        if self.exporter is not None and self.exporter.running:
            self.exporter.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        if self.exporter is not None and self.exporter.running:
            self.exporter.cancel()
            self.exporter.wait()
        super().reject()

    # -- the steps ---------------------------------------------------------------------

    def _plan(self):
        if self.stage:
            return pass_plan(self.page, self.from_box.value(), self.to_box.value(),
                             self.update_box.isChecked())
        return lab_plan(self.page, self.epochs_box.value() if self.epochs_box else 0)

    def _width(self) -> int | None:
        width = self.width_box.value()
        return None if width == self.view.widget.width() else width

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, path: Path) -> None:
        self.written = path
        self._running(False)
        self.accept()

    def _failed(self, message: str) -> None:
        self._running(False)
        self.say(message)

    def _running(self, running: bool) -> None:
        for widget in (self.view_box, self.format_box, self.fps_box, self.width_box,
                       self.path_field, self.update_box, self.export_button,
                       self.from_box, self.to_box, self.epochs_box):
            if widget is not None:
                widget.setEnabled(not running)
        if self.stage and held_at(self.page) is not None:
            self.update_box.setEnabled(False)  # practice holds the pass before its end
        self.progress.setVisible(running)
        self.cancel_button.setText("Cancel export" if running else "Cancel")
        if running:
            self.error_label.hide()

    def _view_changed(self) -> None:
        self.width_box.setValue(min(self.view.widget.width(), self.width_box.maximum()))


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box
