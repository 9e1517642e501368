"""Session files (`.bpviz`): a page's whole state saved as versioned JSON and opened again
exactly, headless. See document.py for the envelope, stage_state.py and lab_state.py for
what each page keeps, values.py for how numbers, arrays and generators are written.

    from bpviz.sessions import open_session
    opened = open_session("lab.bpviz")     # the file read, checked and rebuilt
    opened.state.session.step(100)         # trains on exactly as the saved lab would have
"""

from bpviz.sessions.document import (
    FORMAT, MAX_BYTES, SUFFIX, VERSION, Session, from_text, read_session, to_text, write_session,
)
from bpviz.sessions.embedding_state import (
    EMBEDDING_KEY, EmbeddingPageState, embedding_session, restore_embedding,
)
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.lab_state import LAB_KEY, LabState, lab_session, restore_lab
from bpviz.sessions.opening import Opened, open_session
from bpviz.sessions.pitfall_state import PITFALL_KEY, pitfall_session, restore_pitfall
from bpviz.sessions.stage_state import STAGE_LESSONS, StageState, restore_stage, stage_session

__all__ = [
    "EMBEDDING_KEY", "FORMAT", "LAB_KEY", "MAX_BYTES", "PITFALL_KEY", "STAGE_LESSONS", "SUFFIX",
    "VERSION", "EmbeddingPageState", "LabState", "Opened", "Session", "SessionFileError",
    "StageState", "embedding_session", "from_text", "lab_session", "open_session",
    "pitfall_session", "read_session", "restore_embedding", "restore_lab", "restore_pitfall",
    "restore_stage", "stage_session", "to_text", "write_session",
]
