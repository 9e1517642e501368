"""Writing a file so that it ends up either wholly new or exactly as it was.

The bytes go to a temporary file in the target's own folder, are flushed to the
disk, and only then is the temporary renamed over the target (a rename within one
folder is atomic). A full disk, a missing permission or Ctrl-C half-way leaves the
old file untouched and no temporary behind. Every file bpviz writes goes through here.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from bpviz.data.errors import FileWriteError

_CHUNK = 1 << 20  # os.write may take less than asked; at most this much per call
_NAME_CHARS = 80  # of the target's name in the temporary's, so that it stays a legal name
_attempts = itertools.count()


def write_text_atomically(path: str | os.PathLike[str], text: str,
                          encoding: str = "utf-8") -> Path:
    """Replace the file at `path` by `text` (newlines written as given), or leave it unchanged."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as error:
        raise FileWriteError(path, f"the text cannot be written as {encoding} ({error.reason})",
                             existed=Path(path).exists()) from None
    return write_bytes_atomically(path, data)


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Replace the file at `path` by `data`, or raise FileWriteError and leave it unchanged.

    A symbolic link stays a link: the file it points to is the one replaced. The new
    file keeps the old one's permissions (a new one gets the usual ones, after umask).
    """
    target = Path(os.path.realpath(path))
    existed = target.exists()
    if target.is_dir():
        raise FileWriteError(path, "Is a directory", existed=False)
    temporary: Path | None = None
    try:
        temporary, fd = _create_temporary(target)
        try:
            _write_all(fd, data)
            if existed and os.chmod in os.supports_fd:
                os.chmod(fd, target.stat().st_mode & 0o7777)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
        temporary = None
        _sync_folder(target.parent)
    except OSError as error:
        raise FileWriteError(path, error.strerror or str(error), existed=existed) from None
    finally:  # also on Ctrl-C: never leave a half-written temporary behind
        if temporary is not None:
            _remove(temporary)
    return Path(path)


def temporary_name(target: Path, attempt: int) -> str:
    """The hidden temporary's name beside `target`: `.name.<pid>.<n>.tmp`."""
    return f".{target.name[:_NAME_CHARS]}.{os.getpid()}.{attempt}.tmp"


def _create_temporary(target: Path) -> tuple[Path, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.with_name(temporary_name(target, next(_attempts)))
        try:
            return temporary, os.open(temporary, flags, 0o666)  # umask applies, as for open()
        except FileExistsError:
            continue  # left by a process with the same id that was killed: pick another name


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:_CHUNK])
        view = view[written:]


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(temporary: Path) -> None:
    try:
        os.unlink(temporary)
    except OSError:
        pass
