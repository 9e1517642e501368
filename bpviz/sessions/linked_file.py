"""A session's link to a file kept beside it (a lab's CSV, a word-vector lab's corpus): its
path, relative to the session where it can be, and the SHA-256 of what it held, so a file
that changed or went missing is named instead of silently giving other numbers."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.values import need_dict, need_str


def digest(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of the file at `path`, in hex."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def link_to(path: str | os.PathLike[str],
            file_path: str | os.PathLike[str] | None) -> dict[str, Any]:
    """The link written for `path` in the session at `file_path` (None: not yet known)."""
    shown = os.path.abspath(path)
    if file_path is not None:
        try:
            shown = os.path.relpath(shown, os.path.dirname(os.path.abspath(file_path)))
        except ValueError:  # another drive (Windows): keep the absolute path
            pass
    return {"path": Path(shown).as_posix(), "sha256": digest(path)}


def linked_path(value: object, where: str, folder: Path, what: str) -> Path:
    """The file a link names, read from the session's `folder`; SessionFileError (naming
    the `what` file and `where` in the session) if it cannot be read or has changed."""
    fields = need_dict(value, where, ("path", "sha256"))
    path = folder / need_str(fields["path"], f"{where}.path", 4096)
    expected = need_str(fields["sha256"], f"{where}.sha256", 64)
    try:
        found = digest(path)
    except OSError as error:
        raise SessionFileError(f"the {what} file {path} cannot be read: "
                               f"{error.strerror or error}", f"{where}.path") from None
    if found != expected:
        raise SessionFileError(f"the {what} file {path} has changed since the session was "
                               "saved", f"{where}.path")
    return path
