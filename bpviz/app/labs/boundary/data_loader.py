"""Opening a CSV file for the lab on a worker thread: the window stays responsive, shows how
far the reading is, and can cancel it.

The thread reads the file (a block of rows at a time, see load_csv) and builds the new
LabSession, first pictures and density included; only the finished session crosses to the
GUI thread, which swaps it in whole. A file that fails, or a Cancel, leaves the lab as it was.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from bpviz.data.csv_format import load_csv
from bpviz.data.errors import DataFormatError
from bpviz.errors import BpvizError
from bpviz.labs.boundary.session import LabSession


# Loaders still running, cancelled ones included: kept alive until their thread ends (a
# QThread destroyed while running aborts the process), and waited for when the app quits.
_RUNNING: set[DataLoader] = set()


class Cancelled(Exception):
    """The user cancelled the loading (raised inside the worker only)."""


class DataLoader(QThread):
    """Load `path` into a new LabSession made by `build(dataset)`, on its own thread.

    `progress(fraction)`: the share of the file read (0–1; 1 while the session is built).
    `loaded(session)`: done; `failed(message)`: a bad file (its line) or no memory left;
    `crashed(error)`: a bug, to be raised on the GUI thread. A cancelled load sends neither.
    """

    progress = Signal(float)
    loaded = Signal(object)
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, path: str | os.PathLike[str], build: Callable[..., LabSession],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.build = build
        self._cancel = threading.Event()

    def start(self) -> None:  # type: ignore[override]
        """Begin loading on the worker thread."""
        _RUNNING.add(self)
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self._quit)
        self.finished.connect(lambda: self._forget(application))
        super().start()

    def _forget(self, application: QCoreApplication | None) -> None:
        """The thread ended: nothing needs this loader any more (no connection keeps it)."""
        _RUNNING.discard(self)
        if application is not None:
            application.aboutToQuit.disconnect(self._quit)

    def _quit(self) -> None:
        self.cancel()
        self.wait()

    def cancel(self) -> None:
        """Stop at the next block of rows; nothing is sent after this."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            dataset = load_csv(self.path, progress=self._report)
            self._report(1.0)
            session = self.build(dataset)
            self._report(1.0)
        except Cancelled:
            return
        except (BpvizError, ValueError) as problem:
            self._send(self.failed, str(problem))
        except MemoryError:
            self._send(self.failed, str(DataFormatError(
                self.path, None, "is too large to load: the computer ran out of memory")))
        except Exception as error:  # a bug: the GUI thread's guard reports it
            self._send(self.crashed, error)
        else:
            self._send(self.loaded, session)

    def _report(self, fraction: float) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.progress.emit(fraction)

    def _send(self, signal: Signal, value: object) -> None:
        if not self._cancel.is_set():
            signal.emit(value)
