"""Opening a CSV file for the lab on a worker thread (see bpviz.app.file_worker).

The thread reads the file (a block of rows at a time, see load_csv) and builds the new
LabSession, first pictures and density included; only the finished session crosses to the
GUI thread, which swaps it in whole. A file that fails, or a Cancel, leaves the lab as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QObject

from bpviz.app.file_worker import FileWorker
from bpviz.data.csv_format import load_csv
from bpviz.labs.boundary.session import LabSession


class DataLoader(FileWorker):
    """Load `path` into a new LabSession made by `build(dataset)`, on its own thread.

    `progress(fraction)`: the share of the file read (0–1; 1 while the session is built);
    `loaded(session)`, `failed(message)`, `crashed(error)` as for any FileWorker.
    """

    def __init__(self, path: str | os.PathLike[str], build: Callable[..., LabSession],
                 parent: QObject | None = None) -> None:
        super().__init__(path, parent)
        self.build = build

    def work(self) -> LabSession:
        """Read the CSV file, then build the session from it."""
        dataset = load_csv(self.path, progress=self._report)
        self._report(1.0)
        session = self.build(dataset)
        self._report(1.0)
        return session
