"""Start the desktop app."""

import sys

from PySide6.QtWidgets import QApplication

from bpviz import __version__
from bpviz.app.main_window import MainWindow


def run_app(argv: list[str] | None = None) -> int:
    """Show the main window and run Qt's event loop; returns the exit code.

    `argv` holds arguments for Qt (e.g. ["-platform", "offscreen"]), without the
    program name; by default those of this process.
    """
    args = sys.argv[1:] if argv is None else argv
    app = QApplication.instance() or QApplication(["bpviz", *args])
    app.setApplicationName("bpviz")
    app.setApplicationVersion(__version__)
    window = MainWindow()
    window.show()
    return app.exec()
