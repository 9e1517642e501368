"""Opening a corpus on a worker thread (see bpviz.app.file_worker): the file is read and
tokenised, and the new EmbeddingSession (vocabulary, co-occurrence matrix, first vectors)
built there; only the finished session crosses to the GUI thread. A bad file or a Cancel
changes nothing."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject

from bpviz.app.file_worker import FileWorker
from bpviz.data.corpus import load_corpus
from bpviz.labs.embedding import EmbeddingSession, EmbeddingSpec


class CorpusLoader(FileWorker):
    """Read the corpus at `path` and build a session with `spec` and `seed` on its own thread.

    `progress(fraction)`: the share of the file read; `loaded(session)`, `failed(message)`,
    `crashed(error)` as for any FileWorker.
    """

    def __init__(self, path: str | os.PathLike[str], spec: EmbeddingSpec, seed: int,
                 parent: QObject | None = None) -> None:
        super().__init__(path, parent)
        self.spec, self.seed = spec, seed

    def work(self) -> EmbeddingSession:
        """Read and tokenise the corpus, then build the session from it."""
        corpus = load_corpus(self.path, progress=self._report)
        self._report(1.0)
        return EmbeddingSession(corpus, self.spec, self.seed)
