"""Opening a corpus on a worker thread: the file is read and tokenised, and the new
EmbeddingSession (vocabulary, co-occurrence matrix, first vectors) built there; only the
finished session crosses to the GUI thread. A bad file or a Cancel changes nothing."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from bpviz.data.corpus import load_corpus
from bpviz.data.errors import DataFormatError
from bpviz.errors import BpvizError
from bpviz.labs.embedding import EmbeddingSession, EmbeddingSpec

# Loaders still running (cancelled ones too): a QThread destroyed while running aborts.
_RUNNING: set[CorpusLoader] = set()


class Cancelled(Exception):
    """The user cancelled the loading (raised inside the worker only)."""


class CorpusLoader(QThread):
    """Read the corpus at `path` and build a session with `spec` and `seed` on its own thread.

    `progress(fraction)`: the share of the file read; `loaded(session)`: done;
    `failed(message)`: a bad file; `crashed(error)`: a bug. A cancelled load sends nothing.
    """

    progress = Signal(float)
    loaded = Signal(object)
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, path: str | os.PathLike[str], spec: EmbeddingSpec, seed: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path, self.spec, self.seed = path, spec, seed
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
        _RUNNING.discard(self)
        if application is not None:
            application.aboutToQuit.disconnect(self._quit)

    def _quit(self) -> None:
        self.cancel()
        self.wait()

    def cancel(self) -> None:
        """Stop at the next block of lines; nothing is sent after this."""
        self._cancel.set()

    def run(self) -> None:
        try:
            corpus = load_corpus(self.path, progress=self._report)
            self._report(1.0)
            session = EmbeddingSession(corpus, self.spec, self.seed)
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
