"""A class's session with bpviz, driven through the real widgets, for as long as asked.

Stage: every lesson stepped forward and back with the keys, played, updated 20 times.
Lab: every data set, every activation × optimiser at learning rate 10 (it diverges) and
1e-5, points drawn with the mouse, a CSV opened. At the end it prints one line: how many
actions, whether the window is alive, what reached stderr as a traceback, and the memory
the app retains at the start and end of the second half (flat means no leak; see
`retained_mb`).

    .venv/bin/python benchmarks/classroom_session.py --minutes 20

Runs offscreen when no display is set. The test suite runs a one-minute version.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stderr
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings, Qt  # noqa: E402 (after the platform is set)
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

STAGE_LESSONS = ("window-scorer", "window-classifier", "expression")
KINDS = ("xor", "circles", "gauss", "spiral", "moons")
LAB_RATES = (10.0, 1e-5)


@dataclass
class Summary:
    """What the session did and how the app held up."""

    actions: int = 0
    lessons: int = 0
    lab_runs: int = 0
    memory_mb: list[float] = field(default_factory=list)  # retained MB after each round
    alive: bool = True
    tracebacks: int = 0

    @property
    def growth_mb(self) -> float:
        """RSS growth over the second half of the run (after warm-up)."""
        if len(self.memory_mb) < 2:
            return 0.0
        half = self.memory_mb[len(self.memory_mb) // 2:]
        return half[-1] - half[0]

    def line(self, seconds: float) -> str:
        start, end = (self.memory_mb[0], self.memory_mb[-1]) if self.memory_mb else (0.0, 0.0)
        return (f"classroom session: {seconds / 60:.1f} min, {self.actions} actions "
                f"({self.lessons} stage lessons, {self.lab_runs} lab runs), window "
                f"{'alive' if self.alive else 'GONE'}, {self.tracebacks} tracebacks on stderr, "
                f"memory retained {start:.0f} → {end:.0f} MB ({self.growth_mb:+.1f} MB in the second half)")


def rss_mb() -> float:
    """The process's resident memory now, in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def retained_mb() -> float:
    """Resident memory once garbage is collected and the C allocator has handed its free
    pages back: what the app still holds, without malloc's fragmentation (which grows RSS
    by tens of MB a minute when large arrays of many sizes come and go, and is not a leak)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: measure RSS as it is
        pass
    return rss_mb()


def wait(ms: int) -> None:
    """Let the event loop run, as the seconds between a student's clicks do."""
    QTest.qWait(ms)


class Classroom:
    """Drives one MainWindow as a class would."""

    def __init__(self, window, rng: np.random.Generator, summary: Summary,
                 csv_path: Path) -> None:
        self.window, self.rng, self.summary, self.csv_path = window, rng, summary, csv_path

    def key(self, target, key: Qt.Key, times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(target, key)
            self.summary.actions += 1

    def stage(self, lesson: str) -> None:
        """Step a whole pass forward and back with the keys, play a little, update 20 times."""
        window = self.window
        window.choose_lesson(lesson)
        view = window.circuit_view
        steps = len(window.model.trace.steps)
        self.key(view, Qt.Key.Key_Right, steps)
        self.key(view, Qt.Key.Key_Left, steps // 2)
        self.key(view, Qt.Key.Key_Space)  # play
        wait(300)
        self.key(view, Qt.Key.Key_Space)  # pause
        for _ in range(20):
            self.key(view, Qt.Key.Key_End)
            window.transport.update_action.trigger()
            self.summary.actions += 1
            wait(5)
        self.key(view, Qt.Key.Key_Home)
        self.summary.lessons += 1

    def lab(self, kind: str, activation: str, optimizer: str, rate: float) -> None:
        """Pick the data set and settings with the widgets, train, draw, pause."""
        window = self.window
        window.choose_lesson("boundary-lab")
        lab = window.lab
        QTest.mouseClick(lab.data_controls.kind_picker.buttons[kind], Qt.MouseButton.LeftButton)
        self._choose(lab.network_controls.activation_box, activation)
        self._choose(lab.training_bar.optimizer_box, optimizer)
        self._choose(lab.training_bar.lr_box, rate)
        self.key(lab, Qt.Key.Key_Space)
        wait(120)
        self.key(lab, Qt.Key.Key_Space)
        if lab.model.playing:
            lab.model.pause()
        self.key(lab, Qt.Key.Key_D)  # draw a few points where the student clicks
        plot = lab.panels["mlp"].plot
        for x, y in self.rng.uniform(-0.8, 0.8, size=(3, 2)):
            point = plot.view_to_widget(float(x), float(y)).toPoint()
            QTest.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))
            self.summary.actions += 1
        self.key(lab, Qt.Key.Key_D)
        self.key(lab, Qt.Key.Key_Home)
        self.summary.lab_runs += 1

    def open_csv(self) -> None:
        self.window.lab.model.open_data(self.csv_path)
        self.summary.actions += 1

    def _choose(self, box, value) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)
            self.summary.actions += 1


def write_csv(folder: Path, rng: np.random.Generator) -> Path:
    """A small data set a student brought: two blobs in pixels."""
    path = folder / "pixels.csv"
    rows = ["x1,x2,label"]
    for label, centre in enumerate(((120.0, 80.0), (300.0, 260.0))):
        for x, y in rng.normal(centre, 40.0, size=(60, 2)):
            rows.append(f"{x:.2f},{y:.2f},{label}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def run_session(window, seconds: float, rng: np.random.Generator, folder: Path,
                sample: Callable[[], float] = retained_mb) -> Summary:
    """Drive `window` for about `seconds`, round after round, and report."""
    from bpviz.labs.boundary.settings import ACTIVATION_NAMES, OPTIMIZER_NAMES

    summary = Summary()
    room = Classroom(window, rng, summary, write_csv(folder, rng))
    plan = [(kind, activation, optimizer, rate) for kind in KINDS
            for activation in ACTIVATION_NAMES for optimizer in OPTIMIZER_NAMES
            for rate in LAB_RATES]
    rng.shuffle(plan)
    start = time.monotonic()
    round_number = 0
    while time.monotonic() - start < seconds or round_number == 0:
        room.stage(STAGE_LESSONS[round_number % len(STAGE_LESSONS)])
        for _ in range(4):
            room.lab(*plan[(round_number * 4 + _) % len(plan)])
        room.open_csv()
        summary.memory_mb.append(sample())
        summary.alive = window.isVisible()
        round_number += 1
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0, help="how long (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    from bpviz.app.main_window import MainWindow

    stderr = io.StringIO()
    with tempfile.TemporaryDirectory() as folder, redirect_stderr(stderr):
        window = MainWindow(QSettings(str(Path(folder) / "bpviz.ini"),
                                      QSettings.Format.IniFormat))
        window.resize(1280, 720)
        window.show()
        summary = run_session(window, args.minutes * 60, np.random.default_rng(args.seed),
                              Path(folder))
        window.close()
    summary.tracebacks = stderr.getvalue().count("Traceback")
    print(summary.line(args.minutes * 60))
    del app
    return 0 if summary.alive and not summary.tracebacks else 1


if __name__ == "__main__":
    sys.exit(main())
