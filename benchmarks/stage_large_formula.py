"""The main window on big formulas: how long Apply takes to paint, and a seek to the pass's end.

Run it from the repository: `QT_QPA_PLATFORM=offscreen .venv/bin/python
benchmarks/stage_large_formula.py [VARIABLES] [TERMS] [--cpu]`. In the real main window (shown
offscreen at its default size, the expression lesson on stage) it

- types a formula of VARIABLES distinct variables (a0+a1+…, default 300) into the editor
  and applies it, timing Apply until the window is painted (the target: under 1 s), and
  how much of that the value fields took;
- puts x*x+…, a circuit of about 2 × TERMS nodes (default 250: 499 nodes), on stage and
  seeks from its start to the end of the backward pass, timing the seek until painted, and
  the ledger panel's share (the target: under 300 ms), then steps back and forth once.

Each figure is the median of RUNS (3), on the wall clock, or with --cpu the GUI thread's
CPU time (what the window would take on an idle machine, near enough). Not a test: timings on shared machines are too
noisy to assert on.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bpviz.app.main_window import MainWindow  # noqa: E402
from bpviz.lessons.expression_lesson import ExpressionLesson  # noqa: E402

RUNS = 3
CLOCK = time.thread_time if "--cpu" in sys.argv else time.perf_counter


def window(folder: str) -> MainWindow:
    """A shown main window with fresh settings, on the expression lesson."""
    settings = QSettings(os.path.join(folder, "bpviz.ini"), QSettings.Format.IniFormat)
    settings.setValue("lesson", "expression")
    shown = MainWindow(settings)
    shown.circuit_view.set_animations_enabled(False)
    shown.show()
    QApplication.processEvents()
    return shown


def timed(work) -> float:
    """Seconds for `work()` and the event loop's painting after it (the GUI thread's CPU
    time when --cpu: steadier on a shared machine than the wall clock)."""
    start = CLOCK()
    work()
    QApplication.processEvents()
    return CLOCK() - start


def apply_formula(shown: MainWindow, variables: int) -> tuple[float, float]:
    """Apply a+… of `variables` variables to painted, and the value fields' share (s)."""
    editor = shown.stage_page.expression_editor
    fields = []
    sync = editor._sync_value_boxes

    def measured_sync(*args, **kwargs):
        start = CLOCK()
        sync(*args, **kwargs)
        fields.append(CLOCK() - start)

    editor._sync_value_boxes = measured_sync
    formula = "+".join(f"a{index}" for index in range(variables))
    whole = []
    for _ in range(RUNS):
        editor.set_formula("a*b")
        editor.apply()
        QApplication.processEvents()
        fields.clear()
        editor.set_formula(formula)
        whole.append(timed(editor.apply))
    editor._sync_value_boxes = sync
    assert editor.variable_names == tuple(f"a{index}" for index in range(variables))
    return statistics.median(whole), fields[0] if fields else 0.0


def seek_to_end(shown: MainWindow, terms: int) -> tuple[int, float, float, float]:
    """Nodes, the seek from start to end painted, the ledger's share, a step back and on (s)."""
    model = shown.stage_page.model
    ledger = shown.stage_page.ledger
    lesson = ExpressionLesson("+".join(["x*x"] * terms), {"x": 0.5})
    model.set_lesson(lesson)
    QApplication.processEvents()
    spent = []
    refresh = ledger.refresh

    def measured_refresh(*args, **kwargs):
        start = CLOCK()
        refresh(*args, **kwargs)
        spent.append(CLOCK() - start)

    model.position_changed.disconnect(refresh)
    model.position_changed.connect(measured_refresh)
    end = len(model.trace.steps)
    seeks, ledgers, steps = [], [], []
    for _ in range(RUNS):
        model.seek(0)
        QApplication.processEvents()
        spent.clear()
        seeks.append(timed(lambda: model.seek(end)))
        ledgers.append(sum(spent))
        steps.append(timed(model.back) + timed(model.step))
    model.position_changed.disconnect(measured_refresh)
    model.position_changed.connect(refresh)
    return (len(model.trace.nodes), statistics.median(seeks), statistics.median(ledgers),
            statistics.median(steps) / 2)


def main(variables: int = 300, terms: int = 250) -> None:
    QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        shown = window(folder)
        whole, fields = apply_formula(shown, variables)
        print(f"{variables}-variable formula: Apply to painted {whole * 1e3:.0f} ms "
              f"(value fields {fields * 1e3:.0f} ms); target under 1000 ms")
        nodes, seek, ledger, step = seek_to_end(shown, terms)
        print(f"{nodes}-node circuit: seek start → end painted {seek * 1e3:.0f} ms "
              f"(ledger {ledger * 1e3:.0f} ms), one step {step * 1e3:.0f} ms; "
              f"target under 300 ms")
        shown.close()


if __name__ == "__main__":
    arguments = [int(argument) for argument in sys.argv[1:] if argument != "--cpu"]
    main(*arguments)
