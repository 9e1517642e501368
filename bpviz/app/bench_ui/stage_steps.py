"""UI-stage: the main window on the window scorer, stepped through its forward and backward
pass one step at a time, offscreen, each step rendered before the next.

A step is what the Step key does: the stage model moves, every view redraws what the new
step changed (circuit, neuron view, ledger, inspector, transport), and Qt's event loop
paints it. The circuit's flow animation is switched off: it spreads its own frames over
the next few hundred milliseconds, which is no part of rendering the step.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from bpviz.app.bench_ui.boundary_frames import PaintCounter
from bpviz.app.bench_ui.qt_app import application
from bpviz.app.main_window import MainWindow

LESSON = "window-scorer"  # named, whatever the default lesson becomes


class StageSteps:
    """A shown MainWindow with fresh settings, at its default size, on the window scorer."""

    def __init__(self) -> None:
        application()
        self._folder = tempfile.TemporaryDirectory(prefix="bpviz-bench-")
        settings = QSettings(os.path.join(self._folder.name, "bpviz.ini"),
                             QSettings.Format.IniFormat)
        settings.setValue("lesson", LESSON)
        self.window = MainWindow(settings)
        self.window.circuit_view.set_animations_enabled(False)
        self.window.show()
        QApplication.processEvents()
        self.model = self.window.model
        self.painted = PaintCounter()  # on the neuron view's canvas
        self.window.neuron_view.canvas.viewport().installEventFilter(self.painted)

    @property
    def steps_per_pass(self) -> int:
        """The trace's forward and backward steps, and the reset back to its start."""
        return len(self.model.trace.steps) + 1

    def step(self) -> None:
        """One step forward (from the end of the pass: back to its start), rendered."""
        if self.model.stepper.at_end:
            self.model.reset()
        else:
            self.model.step()
        QApplication.processEvents()  # the event loop paints what the step changed

    def one_pass(self) -> None:
        """Every step of the pass, and the reset: each step of it rendered once."""
        for _ in range(self.steps_per_pass):
            self.step()

    def profile(self) -> dict[str, float]:
        """Milliseconds per step of one pass: median, slowest, and the model-and-views
        share (the rest is Qt's painting); and how many steps painted the neuron view."""
        while self.model.index != 0:  # start at the pass's start
            self.step()
        paints = self.painted.paints
        whole, views = [], []
        clock = time.perf_counter
        for _ in range(self.steps_per_pass):
            start = clock()
            if self.model.stepper.at_end:
                self.model.reset()
            else:
                self.model.step()
            moved = clock()
            QApplication.processEvents()
            whole.append(clock() - start)
            views.append(moved - start)
        return {"median": statistics.median(whole) * 1e3, "slowest": max(whole) * 1e3,
                "views": statistics.mean(views) * 1e3, "mean": statistics.mean(whole) * 1e3,
                "neuron_paints": self.painted.paints - paints}

    def close(self) -> None:
        """Close the window (it saves its layout to the temporary settings)."""
        self.window.close()
        self.window.deleteLater()  # a shown window left behind would take the next one's focus
        QApplication.processEvents()

