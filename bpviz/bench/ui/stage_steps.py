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

from bpviz.bench.ui.qt_app import application, paint_counter, process_events

LESSON = "window-scorer"  # named, whatever the default lesson becomes


class StageSteps:
    """A shown MainWindow with fresh settings, at its default size, on the window scorer."""

    def __init__(self) -> None:
        from PySide6.QtCore import QSettings

        from bpviz.app.main_window import MainWindow

        application()
        self._folder = tempfile.TemporaryDirectory(prefix="bpviz-bench-")
        settings = QSettings(os.path.join(self._folder.name, "bpviz.ini"),
                             QSettings.Format.IniFormat)
        settings.setValue("lesson", LESSON)
        self.window = MainWindow(settings)
        self.window.circuit_view.set_animations_enabled(False)
        self.window.show()
        process_events()
        self.model = self.window.model
        self.painted = paint_counter(self.window.neuron_view.canvas.viewport())

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
        process_events()  # the event loop paints what the step changed

    def one_pass(self) -> None:
        """Every step of the pass, and the reset: each step of it rendered once."""
        for _ in range(self.steps_per_pass):
            self.step()

    def profile(self) -> dict[str, float]:
        """Milliseconds per step of one pass: median, slowest, the reset, and the
        model-and-views share (the rest is Qt's painting); the GUI thread's CPU per step
        (what a busy machine does not inflate) and at the reset; and how many steps
        painted the neuron view."""
        while self.model.index != 0:  # start at the pass's start
            self.step()
        paints = self.painted.paints
        whole, views, cpu = [], [], []
        clock = time.perf_counter
        for _ in range(self.steps_per_pass):
            start, start_cpu = clock(), time.thread_time()
            if self.model.stepper.at_end:
                self.model.reset()
            else:
                self.model.step()
            moved = clock()
            process_events()
            whole.append(clock() - start)
            views.append(moved - start)
            cpu.append(time.thread_time() - start_cpu)
        return {"median": statistics.median(whole) * 1e3, "slowest": max(whole) * 1e3,
                "reset": whole[-1] * 1e3, "reset_cpu": cpu[-1] * 1e3,
                "views": statistics.mean(views) * 1e3, "mean": statistics.mean(whole) * 1e3,
                "cpu": statistics.mean(cpu) * 1e3, "neuron_paints": self.painted.paints - paints}

    def close(self) -> None:
        """Close the window (it saves its layout to the temporary settings)."""
        self.window.close()
        self.window.deleteLater()  # a shown window left behind would take the next one's focus
        process_events()

