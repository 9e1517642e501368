"""The pitfall's outcome: fine-tuned on little data, TV and telly cross the boundary and
television stays behind, misclassified; frozen, television is right; on a large set
fine-tuning pays off."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bpviz.errors import BpvizError
from bpviz.labs.pitfall import RUNS, SHOWN, STEPS, PitfallSession
from bpviz.labs.pitfall.task import WORDS


def ran(seed: int) -> PitfallSession:
    session = PitfallSession(seed)
    session.run_to_end()
    return session


@pytest.fixture(scope="module")
def default() -> PitfallSession:
    return ran(0)


def shows_the_pitfall(result: dict) -> bool:
    fine, frozen, large = result["fine_tune"], result["freeze"], result["large"]
    return (fine["TV"]["label"] == fine["telly"]["label"] == "screen"
            and fine["television"]["label"] == "week"
            and frozen["television"]["label"] == "screen"
            and large["television"]["label"] == "screen")


def test_the_default_seed_shows_the_pitfall(default):
    result = default.result()
    assert shows_the_pitfall(result)
    fine, frozen, large = result["fine_tune"], result["freeze"], result["large"]
    # Fine-tuned: the two training words moved a long way, television not at all.
    assert fine["moved"]["TV"] > 1 and fine["moved"]["telly"] > 1
    assert fine["moved"]["television"] == 0
    assert frozen["moved"] == {word: 0.0 for word in WORDS}
    assert all(large["moved"][word] > 1 for word in WORDS)  # television trains with them


def test_tv_and_telly_cross_the_boundary_that_television_stays_behind(default):
    start = PitfallSession(0)  # the same start, untrained
    before = start.predictions("fine_tune")
    assert before["TV"].label == before["telly"].label == before["television"].label == "week"
    run = default.runs["fine_tune"]
    w, c = run.boundary()
    side = {word: float(w @ run.L[run.index[word]] + c) for word in WORDS}
    assert side["TV"] > 0 and side["telly"] > 0 and side["television"] < 0


def test_fine_tuning_pays_off_on_the_large_set(default):
    assert default.accuracy("large") == 1.0
    assert default.accuracy("large") > default.accuracy("large_freeze")


def test_every_one_of_seeds_0_to_9_shows_the_pitfall():
    # The issue asks for 8 of 10; the pretraining separates the TV words from the days
    # well enough that no seed of these falls short (nor of 0–19, checked by hand).
    missed = [seed for seed in range(10) if not shows_the_pitfall(ran(seed).result())]
    assert missed == []


def test_the_result_is_what_the_json_promises(default):
    result = default.result()
    assert list(result) == list(SHOWN) == ["fine_tune", "freeze", "large"]
    for run in result.values():
        assert list(run) == [*WORDS, "moved"]
        for word in WORDS:
            assert set(run[word]) == {"label", "p"} and 0.5 <= run[word]["p"] <= 1
        assert set(run["moved"]) == set(WORDS)
    json.dumps(result)  # plain numbers and strings


def test_the_same_seed_gives_the_same_runs_and_reset_starts_again():
    first, second = PitfallSession(3), PitfallSession(3)
    first.step(40)
    second.step(15)
    second.step(25)
    for name in RUNS:
        assert np.array_equal(first.runs[name].L, second.runs[name].L)
        assert first.runs[name].losses == second.runs[name].losses
    first.reset()
    assert first.steps == 0
    assert np.array_equal(first.runs["fine_tune"].L, first.pretrained.vectors)
    assert all(len(trail) == 1 for trail in first.runs["fine_tune"].trails.values())


def test_steps_stop_at_the_end():
    session = PitfallSession(1)
    session.step(STEPS - 2)
    assert session.step(10) == 2 and session.at_end and session.step() == 0
    assert len(session.runs["large"].losses) == STEPS


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, True, "3"])
def test_a_bad_seed_is_refused_with_its_range(seed):
    with pytest.raises(BpvizError, match="the seed must be a whole number from 0 to"):
        PitfallSession(seed)


def test_the_large_runs_gain_is_reported_at_the_end_and_depends_on_the_seed():
    session = PitfallSession(0)
    assert session.large_gain() is None  # not before training ends
    session.run_to_end()
    assert session.large_gain() == pytest.approx(0.4)  # 100% against 60%: the default shows it
    assert session.predictions("large")["television"].label == "screen"
    assert session.runs["large_freeze"].predict("television").label == "week"
    other = PitfallSession(3)  # its pretrained vectors already part screen words from days
    other.run_to_end()
    assert other.large_gain() == 0.0
    assert other.runs["large"].losses[-1] < other.runs["large_freeze"].losses[-1]
