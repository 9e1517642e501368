"""The one user-facing error of the data layer: a data file that cannot be used, and where."""

from __future__ import annotations

import os

from bpviz.errors import BpvizError


class DataFormatError(BpvizError):
    """A data file cannot be read or written, or its contents break the format.

    `path` is the file as the caller named it; `line` is the 1-based physical line
    of the file where the problem is, or None when it is about the whole file. The
    message reads like `data.csv, line 7: expected 3 fields (x1, x2, label), found 2`.
    """

    def __init__(self, path: str | os.PathLike[str], line: int | None, message: str) -> None:
        self.path = os.fspath(path)
        self.line = line
        where = self.path if line is None else f"{self.path}, line {line}"
        super().__init__(f"{where}: {message}")


class DataSettingError(BpvizError, ValueError):
    """A data setting a user chose is out of range: points, noise, classes, train fraction."""


class FileWriteError(DataFormatError):
    """A file cannot be written: a full disk, no permission, a folder in the way.

    Whatever was at `path` before is unchanged, and the message says so.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, existed: bool) -> None:
        kept = "; the file there is unchanged" if existed else ""
        super().__init__(path, None, f"cannot be written: {reason}{kept}")
        self.reason = reason
