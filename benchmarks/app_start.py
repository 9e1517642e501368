"""Time from Python's start of this script to the main window's first turn of the event
loop (shown and laid out), offscreen, with fresh settings. Prints one figure per run."""

import time

STARTED = time.perf_counter()

import os  # noqa: E402
import tempfile  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    app = QApplication([])
    from bpviz.app.main_window import MainWindow  # timed too: it is part of every launch

    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(os.path.join(folder, "bpviz.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.show()
        QTimer.singleShot(0, app.quit)
        app.exec()
        print(f"main window shown after {time.perf_counter() - STARTED:.2f} s")


if __name__ == "__main__":
    main()
