"""Start the desktop app."""

import sys

# First the layers under the window that need no Qt: once PySide6 is imported, it reads the
# source of every module imported after it (looking for `from __feature__ import`), which
# cost a tenth of the start's imports (instructions counted). The catalog brings the
# lessons, their models and the engine; the layout brings networkx (the first window lays
# out its circuit before it paints).
import bpviz.app.lesson_catalog  # noqa: F401,I001 (order matters: before Qt)
import bpviz.layout.layered  # noqa: F401

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bpviz import __version__
from bpviz.app.main_window import MainWindow
from bpviz.app.qt_start import start_application
from bpviz.app.slot_guard import install_slot_guard
from bpviz.runtime import set_blas_threads


def run_app(argv: list[str] | None = None, session: str | None = None,
            corpus: str | None = None) -> int:
    """Show the main window and run Qt's event loop; returns the exit code.

    `argv` holds arguments for Qt (e.g. ["-platform", "offscreen"]), without the
    program name; by default those of this process. `session`: a session file to open;
    without one, an autosave left by a crash is offered back. `corpus`: a text file the
    word-vector lab opens (read on a worker thread; a bad file is reported in the lab).
    """
    args = sys.argv[1:] if argv is None else argv
    # The app's matrices are small: more BLAS threads only add stalls (measured: the lab's
    # hidden-space PCA took 0.2–0.6 s multi-threaded on 2 busy cores, 24 ms on one).
    set_blas_threads(1)
    app = QApplication.instance() or start_application(["bpviz", *args])  # no display: 1 line
    app.setApplicationName("bpviz")
    app.setApplicationVersion(__version__)
    window = MainWindow()
    install_slot_guard(window.show_error)  # a bug in a slot: a message, not a traceback
    window.show()
    if corpus is not None:
        QTimer.singleShot(0, lambda: open_corpus(window, corpus))
    else:
        QTimer.singleShot(0, lambda: window.after_start(session))  # dialogs once it shows
    return app.exec()


def open_corpus(window: MainWindow, path: str) -> None:
    """Show the word-vector lab and have it learn from the corpus at `path`."""
    window.choose_lesson("word-vector-lab")
    window.built_pages["embedding"].open_corpus(path)
