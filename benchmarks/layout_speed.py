"""How long the circuit view takes to lay out and first paint a big circuit (the target is
a second or less for 1,000 nodes).

Run it from the repository: `.venv/bin/python benchmarks/layout_speed.py [RUNS]`. For each
circuit it prints the nodes, the lanes long edges take, the crossings left, and the median
over RUNS (default 3) of: recording the pass, the layered layout alone (columns, lanes and
ordering), and building the circuit view with its first paint, offscreen (layout included).
Not a test: timings on shared machines are too noisy to assert on.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from bpviz.app.circuit_view import CircuitView  # noqa: E402
from bpviz.app.stage_model import StageModel  # noqa: E402
from bpviz.errors import BpvizError  # noqa: E402
from bpviz.layout.layered import layering  # noqa: E402
from bpviz.lessons.expression_lesson import ExpressionLesson  # noqa: E402
from bpviz.lessons.model_lessons import MAX_WINDOW_WORDS, WindowScorerLesson  # noqa: E402
from bpviz.models.window_scorer import WindowConfig  # noqa: E402

PANE = (1000, 560)  # the circuit view's share of the main window


def repeated(terms: int) -> ExpressionLesson:
    """x+x+…+x: one node used `terms` times, its edges sharing one trunk of lanes."""
    return ExpressionLesson("+".join(["x"] * terms), {"x": 1.0})


def distinct(count: int) -> ExpressionLesson:
    """v0+v1+…: `count` variables, each used once."""
    names = [f"v{i}" for i in range(count)]
    return ExpressionLesson("+".join(names), dict.fromkeys(names, 0.5))


def mixed(leaves: int, seed: int = 0) -> ExpressionLesson:
    """A random balanced formula over 12 variables, each used many times, with every
    kind of operation (about 2 × `leaves` nodes)."""
    rng = np.random.default_rng(seed)
    names = [f"a{i}" for i in range(12)]
    parts = [names[i] for i in rng.integers(0, len(names), size=leaves)]
    while len(parts) > 1:
        merged = []
        for left, right in zip(parts[::2], parts[1::2]):
            kind = int(rng.integers(0, 4))
            merged.append(f"({left}*{right})" if kind == 0 else
                          f"max({left},{right})" if kind == 1 else
                          f"tanh({left}+{right})" if kind == 2 else f"({left}-{right})")
        parts = merged + parts[len(merged) * 2:]
    return ExpressionLesson(parts[0], dict.fromkeys(names, 0.3))


def again(count: int) -> ExpressionLesson:
    """v0+…+v(n−1)+v0+…+v(n−1): every variable used again far away (lanes ∝ n²)."""
    names = [f"v{i}" for i in range(count)]
    return ExpressionLesson("+".join(names * 2), dict.fromkeys(names, 0.5))


def window(words: int) -> WindowScorerLesson:
    """The window scorer with two windows of `words` words each (2 × `words` in L)."""
    true = tuple(f"t{i}" for i in range(words))
    corrupt = tuple(f"c{i}" for i in range(words))
    return WindowScorerLesson(WindowConfig(true_window=true, corrupt_window=corrupt))


CIRCUITS: dict[str, Callable[[], object]] = {
    "x+x+…+x, 1,000 terms (one node used 1,000 times; the stage's most nodes)": lambda: repeated(1000),
    "v0+v1+…+v499 (500 variables, 999 nodes)": lambda: distinct(500),
    "random formula over 12 variables (about 1,000 nodes)": lambda: mixed(760),
    "lecture formula (x+y)*max(y,z)": ExpressionLesson,
    "window scorer, the lecture's windows": WindowScorerLesson,
    "window scorer, 2 windows of 11 words (the stage's most)": lambda: window(MAX_WINDOW_WORDS),
    "v0+…+v299+v0+…+v299 (each used again 300 columns on)": lambda: again(300),
}


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def first_paint(lesson) -> float:
    """Seconds to build the circuit view of `lesson` (its layout too) and paint it once."""
    model = StageModel(lesson)
    start = time.perf_counter()
    view = CircuitView(model)
    view.resize(*PANE)
    view.grab()  # renders the whole viewport, as the first paint on screen does
    seconds = time.perf_counter() - start
    view.deleteLater()
    QApplication.processEvents()
    return seconds


def refused_window(words: int) -> None:
    """How fast the stage refuses a window scorer of 2 × `words` words, and what it says."""
    seconds, problem = timed(lambda: _refusal(lambda: window(words)))
    print(f"window scorer, 2 windows of {words:,} words: refused in {seconds * 1000:.1f} ms: "
          f"{problem}")


def _refusal(make: Callable[[], object]) -> str:
    try:
        make()
    except BpvizError as problem:
        return str(problem)
    return "not refused"


def main(runs: int = 3) -> None:
    QApplication.instance() or QApplication(["bpviz-bench"])
    refused_window(2500)
    for name, make in CIRCUITS.items():
        lesson = make()
        records, layouts, paints = [], [], []
        for _ in range(runs):
            seconds, trace = timed(lesson.record)
            records.append(seconds)
            seconds, layers = timed(lambda: layering(trace.nodes))
            layouts.append(seconds)
            paints.append(first_paint(lesson))
        lanes = sum(1 for node in layers.grid if node < 0)
        crossings = layers.crossings
        print(f"{name}: {len(trace.nodes):,} nodes, {lanes:,} lanes, {crossings:,} crossings; "
              f"record {statistics.median(records):.3f} s, layout "
              f"{statistics.median(layouts):.3f} s, view built and painted "
              f"{statistics.median(paints):.3f} s (median of {runs})", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
