"""Reading a data file's text: every reason it cannot be read becomes a DataFormatError.

`text_lines` streams a file line by line, so that a caller counting rows can stop at a
limit having held only what it kept; `read_text` reads it whole.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bpviz.data.errors import DataFormatError

# Far above what MAX_POINTS rows take (about 100 MB with long labels), and a
# guard against reading a video or a disk image into memory by mistake.
MAX_BYTES = 256 * 1024 * 1024
SCAN_BLOCK = 1 << 20  # bytes read at a time when looking for the line of a bad byte


def read_text(path: str | os.PathLike[str]) -> str:
    """The file's UTF-8 text without a byte order mark, with every line ending made '\\n'.

    Like Python's universal newlines, '\\r\\n' and a lone '\\r' end a line too, so
    line numbers match what an editor shows.
    """
    return _lines_unified(_decoded(path, _read_bytes(path)))


class TextLines:
    """The lines of an open file (see `text_lines`) and how far through the file they are."""

    def __init__(self, path: str | os.PathLike[str], binary: io.BufferedReader, size: int) -> None:
        self.path, self._binary, self._size = path, binary, size
        # newline=None: '\r\n' and a lone '\r' end a line too, read as '\n'.
        self._text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline=None)

    def __iter__(self) -> Iterator[str]:
        """Each line without its line end; a byte that is not UTF-8 is a DataFormatError."""
        try:
            for line in self._text:
                yield line[:-1] if line.endswith("\n") else line
        except UnicodeDecodeError:
            raise _not_utf8(self.path, _first_bad_byte(self.path)) from None
        except OSError as error:
            raise _unreadable(self.path, error) from None

    def fraction(self) -> float:
        """The share of the file's bytes read so far (read ahead of the lines a little)."""
        try:
            return min(1.0, self._binary.tell() / self._size) if self._size else 1.0
        except (OSError, ValueError):  # closed, or not seekable: no figure to give
            return 1.0


@contextmanager
def text_lines(path: str | os.PathLike[str]) -> Iterator[TextLines]:
    """The file's lines as `read_text` splits them, read a block at a time (the same checks
    and messages: no such file, a folder, too large, not UTF-8 with its line)."""
    size = _checked_size(path)
    try:
        binary = Path(path).open("rb")
    except OSError as error:
        raise _unreadable(path, error) from None
    with binary:
        yield TextLines(path, binary, size)


def _checked_size(path: str | os.PathLike[str]) -> int:
    """The size of the regular file at `path`, if it is one that may be read."""
    try:
        mode = os.stat(path)
    except OSError as error:
        raise _unreadable(path, error) from None
    if stat.S_ISDIR(mode.st_mode):
        raise DataFormatError(path, None, "is a folder, not a file")
    if not stat.S_ISREG(mode.st_mode):  # a pipe or a device could block or never end
        raise DataFormatError(path, None, "is not a regular file")
    if mode.st_size > MAX_BYTES:
        raise DataFormatError(path, None, f"is too large ({mode.st_size / 2**20:,.0f} MB); "
                                          f"at most {MAX_BYTES // 2**20} MB can be loaded")
    return mode.st_size


def _unreadable(path: str | os.PathLike[str], error: OSError) -> DataFormatError:
    if isinstance(error, FileNotFoundError):
        return DataFormatError(path, None, "no such file")
    if isinstance(error, PermissionError):
        return DataFormatError(path, None, "cannot be read: permission denied")
    return DataFormatError(path, None, f"cannot be read: {error.strerror or error}")


def _first_bad_byte(path: str | os.PathLike[str]) -> tuple[int, int]:
    """(line, byte) of the first byte that is not UTF-8, found a block at a time."""
    line, previous, carry = 1, b"", b""
    with Path(path).open("rb") as binary:
        while True:
            block = binary.read(SCAN_BLOCK)
            data = carry + block
            try:
                # A character cut by the block's end waits for the next block (final=False).
                _, used = codecs.utf_8_decode(data, "strict", not block)
            except UnicodeDecodeError as error:
                return line + _line_ends(data[:error.start], previous), data[error.start]
            if not block:
                raise AssertionError("the file decoded this time")  # it changed in between
            line += _line_ends(data[:used], previous)
            previous, carry = (data[used - 1:used] or previous), data[used:]


def _line_ends(data: bytes, after: bytes = b"") -> int:
    """How many lines end in `data` ('\n', '\r\n' or a lone '\r'); `after` is the byte
    before it, so that a '\r\n' split between two blocks counts once."""
    ends = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return ends - (after == b"\r" and data[:1] == b"\n")


def _not_utf8(path: str | os.PathLike[str], found: tuple[int, int]) -> DataFormatError:
    line, byte = found
    return DataFormatError(path, line, f"byte 0x{byte:02x} is not UTF-8 text; "
                                       "save the file as UTF-8 (in Excel: CSV UTF-8)")


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    _checked_size(path)
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from None


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
