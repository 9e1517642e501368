"""UI-start: process start to the first painted main window, in a fresh child process,
offscreen, with fresh settings in a temporary directory.

`start_time()` runs `python -m bpviz.bench.ui.first_paint` and times it from just
before the process is made to the line the child prints once the main window's first
paint is done; the child then exits, untimed. The child says where its own time went
(imports, building the window, showing and painting it); the rest is the interpreter's
start. Qt is imported only in the child's `main`, so that its imports are timed.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # the child's clock starts with its first own line

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

READY = "bpviz-first-paint"
TIMEOUT_S = 60  # a child that never paints is killed and reported, never waited on forever
# The children's compiled modules: an installed app has them (pip compiles them), so a start
# reads them rather than compiling every module again. Kept here, where the environment
# forbids writing them beside the sources (PYTHONDONTWRITEBYTECODE); the untimed first
# start fills it.
BYTECODE = Path(tempfile.gettempdir()) / "bpviz-bench-bytecode"


@dataclass(frozen=True)
class StartTime:
    """Seconds from making the process to its painted window, and the child's own split."""

    total: float
    imports: float     # NumPy, PySide6, networkx and the first window's modules
    build: float       # QApplication and MainWindow()
    paint: float       # show() to the end of the first paint
    interpreter: float  # the rest: making the process and Python's own start

    def text(self) -> str:
        return (f"{self.total:.2f} s: interpreter {self.interpreter:.2f} s, imports "
                f"{self.imports:.2f} s, building the window {self.build:.2f} s, showing and "
                f"painting it {self.paint:.2f} s")


def start_time(python: str = sys.executable) -> StartTime:
    """Start the app's main window in a child process and time it to its first paint."""
    from bpviz.bench.ui.environment import headless_environment

    with tempfile.TemporaryDirectory(prefix="bpviz-runtime-") as runtime:
        environ = child_environment(headless_environment(dict(os.environ), runtime))
        command = [python, "-m", "bpviz.bench.ui.first_paint"]
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env=environ, text=True)
        line = child.stdout.readline()
        total = time.perf_counter() - start
        try:
            _, errors = child.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            child.kill()
            _, errors = child.communicate()
    fields = line.split()
    if child.returncode != 0 or not fields or fields[0] != READY:
        raise RuntimeError(f"the app did not start (exit {child.returncode}): {errors.strip()}")
    imports, build, paint = (float(value) for value in fields[1:4])
    return StartTime(total, imports, build, paint, total - imports - build - paint)


def child_environment(environ: dict[str, str]) -> dict[str, str]:
    """`environ` for a timed child: offscreen, its compiled modules kept in BYTECODE."""
    environ = dict(environ, QT_QPA_PLATFORM="offscreen",  # a window on a screen times differently
                   PYTHONPYCACHEPREFIX=str(BYTECODE))
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    return environ


def main() -> None:
    """The child: import, build and show the main window, and report after its first paint."""
    import bpviz.cli.main  # noqa: F401 (timed: `bpviz`, what a user starts, comes first)
    from bpviz.app.launch import MainWindow  # timed: the app's own start, in its order

    from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    imported = time.perf_counter()
    app = QApplication(["bpviz"])
    painted: list[bool] = []
    built = imported

    def report() -> None:
        """Says the window is painted, then quits: closing it (settings saved) is not timed."""
        done = time.perf_counter()
        print(f"{READY} {imported - STARTED:.6f} {built - imported:.6f} {done - built:.6f}",
              flush=True)
        app.quit()

    class FirstPaint(QObject):
        """Notes the first paint; the rest of that paint pass ends before the timer fires."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(True)
                QTimer.singleShot(0, report)
            return False

    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(os.path.join(folder, "bpviz.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        built = time.perf_counter()
        watcher = FirstPaint()
        window.centralWidget().installEventFilter(watcher)
        QTimer.singleShot(TIMEOUT_S * 1000, app.quit)
        window.show()
        app.exec()
        if not painted:
            sys.exit("the main window was never painted")
        window.close()

if __name__ == "__main__":
    main()
