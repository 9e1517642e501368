"""Opening a session file in one go: read, check and rebuild whichever page it holds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bpviz.labs.pitfall import PitfallSession
from bpviz.sessions.document import Session, read_session
from bpviz.sessions.embedding_state import EmbeddingPageState, restore_embedding
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.lab_state import LabState, restore_lab
from bpviz.sessions.pitfall_state import restore_pitfall
from bpviz.sessions.stage_state import StageState, restore_stage


@dataclass
class Opened:
    """A session file read and rebuilt: its envelope (title, notes) and the page's state."""

    file: Session
    state: StageState | LabState | EmbeddingPageState | PitfallSession

    @property
    def page(self) -> str:
        return self.file.page


def open_session(path: str | os.PathLike[str]) -> Opened:
    """The page saved at `path`, rebuilt as new objects (so a failure changes nothing);
    SessionFileError names the file, the field and what is wrong."""
    session = read_session(path)
    try:
        if session.page == "stage":
            return Opened(session, restore_stage(session))
        if session.page == "embedding":
            return Opened(session, restore_embedding(session, Path(path).parent))
        if session.page == "pitfall":
            return Opened(session, restore_pitfall(session))
        return Opened(session, restore_lab(session, Path(path).parent))
    except SessionFileError as error:
        raise error.in_file(os.fspath(path)) from None
