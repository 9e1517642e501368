"""Reading a data file's text: every reason it cannot be read becomes a DataFormatError."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from bpviz.data.errors import DataFormatError

# Far above what MAX_POINTS rows take (about 100 MB with long labels), and a
# guard against reading a video or a disk image into memory by mistake.
MAX_BYTES = 256 * 1024 * 1024


def read_text(path: str | os.PathLike[str]) -> str:
    """The file's UTF-8 text without a byte order mark, with every line ending made '\\n'.

    Like Python's universal newlines, '\\r\\n' and a lone '\\r' end a line too, so
    line numbers match what an editor shows.
    """
    return _lines_unified(_decoded(path, _read_bytes(path)))


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    try:
        mode = os.stat(path)
        if stat.S_ISDIR(mode.st_mode):
            raise DataFormatError(path, None, "is a folder, not a file")
        if not stat.S_ISREG(mode.st_mode):  # a pipe or a device could block or never end
            raise DataFormatError(path, None, "is not a regular file")
        if mode.st_size > MAX_BYTES:
            raise DataFormatError(path, None, f"is too large ({mode.st_size / 2**20:,.0f} MB); "
                                              f"at most {MAX_BYTES // 2**20} MB can be loaded")
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DataFormatError(path, None, "no such file") from None
    except PermissionError:
        raise DataFormatError(path, None, "cannot be read: permission denied") from None
    except OSError as error:
        raise DataFormatError(path, None, f"cannot be read: {error.strerror or error}") from None


def _decoded(path: str | os.PathLike[str], data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")  # strict: a wrong byte is reported, never replaced
    except UnicodeDecodeError as error:
        line = _lines_unified(data[:error.start].decode("utf-8")).count("\n") + 1
        raise DataFormatError(path, line, f"byte 0x{data[error.start]:02x} is not UTF-8 text; "
                                          "save the file as UTF-8 (in Excel: CSV UTF-8)") from None


def _lines_unified(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
