"""The QApplication the app's benchmark rows need, made on first use, offscreen if there is
no display."""

from __future__ import annotations

import os
import sys
import tempfile

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from bpviz.app.bench_ui.environment import headless_environment

# Offscreen windows print this on every show; it says nothing about what is measured.
HARMLESS = ("This plugin does not support propagateSizeHints()",)
_runtime: list[tempfile.TemporaryDirectory] = []  # kept for the process, removed at its exit


def _quiet(kind: QtMsgType, context, message: str) -> None:
    if kind != QtMsgType.QtDebugMsg and not message.startswith(HARMLESS):
        print(message, file=sys.stderr)


def application() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    app = QApplication.instance()
    if app is None:
        _runtime.append(tempfile.TemporaryDirectory(prefix="bpviz-runtime-"))  # mode 0700
        os.environ.update(headless_environment(dict(os.environ), _runtime[0].name))
        qInstallMessageHandler(_quiet)
        app = QApplication(["bpviz-bench"])
    return app
