"""Reading a file on a worker thread: the window stays responsive, shows how far the reading
is, and can cancel it. Only the finished result crosses to the GUI thread; a file that fails,
or a Cancel, sends nothing that changes the window.

While a worker runs, the objects that were there before it are frozen for the garbage
collector (`gc.freeze`): a full collection, which holds the interpreter from start to end,
then scans only the objects made since, not the whole app (~75,000 objects, ~40 ms held
in the worker, a frozen window, when the reading's allocations set one off)."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from bpviz.data.errors import DataFormatError
from bpviz.errors import BpvizError


# Workers still running, cancelled ones included: kept alive until their thread ends (a
# QThread destroyed while running aborts the process), and waited for when the app quits.
_RUNNING: set[FileWorker] = set()
_frozen_by = 0  # workers running with the heap frozen: the last to end unfreezes it
_freezing = threading.Lock()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """The objects there now are left out of garbage collections until the last worker
    inside this ends (then they are collected as before: nothing is kept for good)."""
    global _frozen_by
    with _freezing:
        gc.freeze()  # objects made by an earlier worker still running are frozen too
        _frozen_by += 1
    try:
        yield
    finally:
        with _freezing:
            _frozen_by -= 1
            if not _frozen_by:
                gc.unfreeze()


class Cancelled(Exception):
    """The user cancelled the loading (raised inside the worker only)."""


class FileWorker(QThread):
    """Run `work()` (a subclass's reading of `path`) on its own thread.

    `progress(fraction)`: the share of the file read; `loaded(result)`: done;
    `failed(message)`: a bad file (its line) or no memory left; `crashed(error)`: a bug, to be
    raised on the GUI thread. A cancelled load sends none of these.
    """

    progress = Signal(float)
    loaded = Signal(object)
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, path: str | os.PathLike[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._cancel = threading.Event()

    def work(self) -> object:
        """Read `self.path` (calling `_report(fraction)` as it goes) and return the result."""
        raise NotImplementedError

    def start(self) -> None:  # type: ignore[override]
        """Begin loading on the worker thread."""
        _RUNNING.add(self)
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self._quit)
        self.finished.connect(lambda: self._forget(application))
        super().start()

    def _forget(self, application: QCoreApplication | None) -> None:
        """The thread ended: nothing needs this worker any more (no connection keeps it)."""
        _RUNNING.discard(self)
        if application is not None:
            application.aboutToQuit.disconnect(self._quit)

    def _quit(self) -> None:
        self.cancel()
        self.wait()

    def cancel(self) -> None:
        """Stop at the next block read; nothing is sent after this."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            with frozen_heap():
                result = self.work()
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
            self._send(self.loaded, result)

    def _report(self, fraction: float) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.progress.emit(fraction)

    def _send(self, signal: Signal, value: object) -> None:
        if not self._cancel.is_set():
            signal.emit(value)
