"""Starting Qt so that a missing display is one line, not an abort.

When no platform plugin can start (no display server answers, a system library the
plugin needs is missing), Qt prints six lines and aborts the process: a core dump
and exit code 134. Its last message is a fatal one, which Qt first hands to the
message handler: bpviz says what failed in one line there and exits with code 1.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from bpviz.cli.display import HEADLESS_HINT
from bpviz.cli.terminal_text import terminal_line

CANNOT_START = 1


def start_application(argv: list[str]) -> QApplication:
    """QApplication(argv); if Qt cannot open a window, one line on stderr and exit code 1."""
    said: list[str] = []  # what Qt says while starting, kept back until it has started

    def listen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            _give_up(said, message)
        category = context.category if context is not None else None
        said.append(f"{category}: {message}" if category and category != "default" else message)

    previous = qInstallMessageHandler(listen)
    try:
        app = QApplication(argv)
    finally:
        qInstallMessageHandler(previous)
    for line in said:  # it started after all (e.g. on a fallback platform): say it as Qt would
        print(line, file=sys.stderr)
    return app


def cannot_start_line(said: list[str], fatal: str) -> str:
    """The one line saying why the app has no window: Qt's first complaint is the cause."""
    cause = next((line for line in said if "display" in line.lower()), None)
    cause = (cause or (said[0] if said else fatal.strip().splitlines()[0])).rstrip(".")
    where = ", ".join(f"{name}={os.environ[name]!r}" for name in ("DISPLAY", "WAYLAND_DISPLAY",
                                                                   "QT_QPA_PLATFORM")
                      if os.environ.get(name))
    return terminal_line(f"bpviz: error: the desktop app cannot open a window "
                         f"({where or 'no display set'}): Qt says: {cause}; {HEADLESS_HINT}")


def _give_up(said: list[str], fatal: str) -> None:
    """Qt would abort after this returns: say why in one line and exit cleanly instead."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os.write(2, (cannot_start_line(said, fatal) + "\n").encode("utf-8", "replace"))
    os._exit(CANNOT_START)
