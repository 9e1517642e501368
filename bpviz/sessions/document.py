"""The `.bpviz` session file: a versioned JSON envelope around one page's state.

    {"format": "bpviz session", "version": 1 | 2, "saved_by": "bpviz 0.1.0",
     "page": "stage" | "lab" | "embedding" | "pitfall", "lesson": "<lesson key>",
     "title": "…", "notes": {"<step>": "…"}, "state": {…}}

Reading checks the envelope (size, UTF-8, JSON, format, version, fields); the page's state
is checked by the code that restores it (stage_state, lab_state, embedding_state,
pitfall_state). Writing is atomic.

Version 2 added the word-vector lab and the pitfall pages; a file of the stage or the
boundary lab is still written as version 1, so an older bpviz opens it as before, and
tells of a newer bpviz for the others.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bpviz.data.atomic_write import write_text_atomically
from bpviz.data.errors import FileWriteError
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.values import need_dict, need_int, need_str

FORMAT = "bpviz session"
VERSION = 2  # the newest this bpviz reads and writes
SUFFIX = ".bpviz"
MAX_BYTES = 512 * 2**20  # a session file larger than this is refused before it is read
MAX_TITLE = 200
MAX_NOTES = 10_000
PAGE_VERSIONS = {"stage": 1, "lab": 1, "embedding": 2, "pitfall": 2}  # the first to hold it
PAGES = tuple(PAGE_VERSIONS)
FIELDS = ("format", "version", "saved_by", "page", "lesson", "title", "notes", "state")


@dataclass
class Session:
    """One page's saved state: the page, the lesson on it, its state (JSON values) and a
    teacher's title and notes, by step of the pass (0 is the start)."""

    page: str
    lesson: str
    state: dict[str, Any]
    title: str = ""
    notes: dict[int, str] = field(default_factory=dict)
    saved_by: str = "bpviz"  # the program and version that wrote it, as it says

    def note_at(self, step: int) -> str:
        """The teacher's note at step `step` of the pass, or ""."""
        return self.notes.get(step, "")


def to_text(session: Session) -> str:
    """The session as the text of a `.bpviz` file."""
    document = {"format": FORMAT, "version": PAGE_VERSIONS.get(session.page, VERSION),
                "saved_by": session.saved_by,
                "page": session.page, "lesson": session.lesson, "title": session.title,
                "notes": {str(step): text for step, text in sorted(session.notes.items())},
                "state": session.state}
    try:
        return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=1) + "\n"
    except ValueError as error:  # NaN or ±inf somewhere in the state
        raise SessionFileError(f"the session holds a number JSON cannot write ({error})") \
            from None


def from_text(text: str) -> Session:
    """The session in a `.bpviz` file's text; SessionFileError says what is wrong."""
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        # Some of json's messages end in "at" ("Unterminated string starting at").
        what = error.msg.removesuffix(" at")
        raise SessionFileError(f"damaged or truncated: {what} at line {error.lineno}, "
                               f"column {error.colno}") from None
    except RecursionError:
        raise SessionFileError("damaged: nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SessionFileError("not a bpviz session file (no \"format\": \"bpviz session\")")
    version = need_int(document.get("version"), "version", 1, 2**31)
    if version > VERSION:
        raise SessionFileError(f"written by a newer bpviz (format version {version}; this "
                               f"bpviz reads version {VERSION}): update bpviz to open it")
    need_dict(document, "", ("format", "version", "page", "lesson", "state"), FIELDS)
    notes = need_dict(document.get("notes", {}), "notes")
    if len(notes) > MAX_NOTES:
        raise SessionFileError(f"at most {MAX_NOTES:,} notes expected", "notes")
    return Session(
        page=need_str(document["page"], "page", 16, PAGES),
        lesson=need_str(document["lesson"], "lesson", 100),
        state=need_dict(document["state"], "state"),
        title=need_str(document.get("title", ""), "title", MAX_TITLE),
        notes={_step(key): need_str(text, f"notes.{key}") for key, text in notes.items()},
        saved_by=need_str(document.get("saved_by", ""), "saved_by", 100))


def write_session(path: str | os.PathLike[str], session: Session) -> Path:
    """Write `session` to `path` atomically: the old file stays whole if anything fails."""
    text = to_text(session)
    try:
        return write_text_atomically(path, text)
    except FileWriteError as error:
        raise SessionFileError(str(error)) from None


def read_session(path: str | os.PathLike[str]) -> Session:
    """The session in the file at `path`; SessionFileError names the file and the problem."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_BYTES:
                raise SessionFileError(f"is {size / 2**20:,.0f} MB, larger than a session file "
                                       f"may be ({MAX_BYTES // 2**20} MB)", path=name)
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise SessionFileError(f"cannot be read: {error.strerror or error}", path=name) from None
    if len(data) > MAX_BYTES:
        raise SessionFileError(f"is larger than a session file may be ({MAX_BYTES // 2**20} MB)",
                               path=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SessionFileError(f"not a bpviz session file (not UTF-8 text at byte "
                               f"{error.start})", path=name) from None
    try:
        return from_text(text)
    except SessionFileError as error:
        raise error.in_file(name) from None


def _no_constant(name: str) -> None:
    raise SessionFileError(f"damaged: {name} is not a number a session file may hold")


def _step(key: str) -> int:
    if not (key.isascii() and key.isdigit()) or len(key) > 9:
        raise SessionFileError(f"a step number expected, found {key!r}", "notes")
    return int(key)
