"""The retraining pitfall in a session file: its seed and how many steps its runs took.

    state = {"seed": 0, "steps": 120}

The runs are deterministic (the seed's pretrained vectors and classifiers, full-batch
gradient steps), so opening replays the steps and gives the saved runs bit for bit.
"""

from __future__ import annotations

from bpviz.errors import BpvizError
from bpviz.labs.pitfall import STEPS, PitfallSession
from bpviz.labs.pitfall.session import MAX_SEED
from bpviz.sessions.document import Session
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.values import need_dict, need_int

PITFALL_KEY = "pitfall"


def pitfall_session(session: PitfallSession, title: str = "",
                    notes: dict[int, str] | None = None, saved_by: str = "bpviz") -> Session:
    """The session file's contents for the pitfall `session`."""
    return Session("pitfall", PITFALL_KEY, {"seed": session.seed, "steps": session.steps},
                   title, dict(notes or {}), saved_by)


def restore_pitfall(saved: Session) -> PitfallSession:
    """A new pitfall session as saved (its steps replayed); SessionFileError if it does not
    fit."""
    if saved.page != "pitfall" or saved.lesson != PITFALL_KEY:
        raise SessionFileError(f"the retraining pitfall expected, found {saved.page} "
                               f"'{saved.lesson}'", "lesson")
    state = need_dict(saved.state, "state", ("seed", "steps"))
    seed = need_int(state["seed"], "state.seed", 0, MAX_SEED)
    steps = need_int(state["steps"], "state.steps", 0, STEPS)
    try:
        session = PitfallSession(seed)
    except BpvizError as error:
        raise SessionFileError(str(error), "state.seed") from None
    session.step(steps)
    return session
