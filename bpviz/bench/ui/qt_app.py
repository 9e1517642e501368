"""The Qt pieces the app's benchmark rows need: the QApplication (made on first use,
offscreen if there is no display), the event loop's paint pass and a paint counter.
Qt is imported inside each function: importing `bpviz.bench` loads no Qt."""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

from bpviz.bench.ui.environment import headless_environment

# Offscreen windows print this on every show; it says nothing about what is measured.
HARMLESS = ("This plugin does not support propagateSizeHints()",)
_runtime: list[tempfile.TemporaryDirectory] = []  # kept for the process, removed at its exit


def _quiet(kind: Any, context: Any, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    if kind != QtMsgType.QtDebugMsg and not message.startswith(HARMLESS):
        print(message, file=sys.stderr)


def application() -> Any:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        _runtime.append(tempfile.TemporaryDirectory(prefix="bpviz-runtime-"))  # mode 0700
        os.environ.update(headless_environment(dict(os.environ), _runtime[0].name))
        qInstallMessageHandler(_quiet)
        app = QApplication(["bpviz-bench"])
    return app


def process_events() -> None:
    """Let Qt's event loop run what is pending: it paints what changed, as in the app."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()


def paint_counter(*widgets: Any) -> Any:
    """An event filter installed on `widgets` that counts their paint events in `.paints`:
    proof that frames were drawn."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.paints = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    counter = PaintCounter()
    for widget in widgets:
        widget.installEventFilter(counter)
    return counter
