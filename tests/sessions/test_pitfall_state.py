"""The retraining pitfall saved and opened again: its seed and position, and the runs
replayed to exactly the saved vectors and classifiers; a damaged file is refused."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bpviz.labs.pitfall import RUNS, STEPS, PitfallSession
from bpviz.sessions import (
    SessionFileError, from_text, open_session, pitfall_session, restore_pitfall, to_text,
    write_session,
)


def assert_same(a: PitfallSession, b: PitfallSession) -> None:
    assert (a.seed, a.steps) == (b.seed, b.steps)
    for name in RUNS:
        run_a, run_b = a.runs[name], b.runs[name]
        assert np.array_equal(run_a.L, run_b.L)
        for key, value in run_a.classifier.params.items():
            assert np.array_equal(value, run_b.classifier.params[key])
        assert run_a.losses == run_b.losses
        for word, trail in run_a.trails.items():
            assert np.array_equal(np.array(trail), np.array(run_b.trails[word]))


@pytest.fixture(scope="module")
def stepped():
    session = PitfallSession(seed=2)
    session.step(37)
    return session


def test_a_round_trip_replays_the_runs_bit_for_bit_and_they_train_on_alike(stepped, tmp_path):
    path = tmp_path / "pitfall.bpviz"
    write_session(path, pitfall_session(stepped, title="Lecture 3"))
    opened = open_session(path)
    assert opened.page == "pitfall" and opened.file.title == "Lecture 3"
    assert json.loads(path.read_text(encoding="utf-8"))["state"] == {"seed": 2, "steps": 37}
    restored = opened.state
    assert_same(stepped, restored)
    straight = PitfallSession(seed=2)
    straight.step(37)
    for session in (straight, restored):
        session.step(50)
    assert_same(straight, restored)


@pytest.mark.parametrize("state, message", [
    ({"seed": 2, "steps": STEPS + 1}, f"state.steps: a whole number from 0 to {STEPS}"),
    ({"seed": -1, "steps": 0}, "state.seed"),
    ({"seed": 2}, "state: 'steps' is missing"),
    ({"seed": 2, "steps": 3, "lr": 1}, "state: unknown field 'lr'"),
])
def test_a_damaged_file_is_refused(stepped, state, message):
    document = json.loads(to_text(pitfall_session(stepped)))
    document["state"] = state
    with pytest.raises(SessionFileError, match=message):
        restore_pitfall(from_text(json.dumps(document)))
