"""`bpviz pitfall`: the runs' outcome as JSON or text; a bad seed is one line and exit 2."""

from __future__ import annotations

import json

import pytest

from bpviz.cli.main import main
from bpviz.labs.pitfall import RULE, PitfallSession


@pytest.fixture(scope="module")
def headless() -> dict:
    session = PitfallSession(2)
    session.run_to_end()
    return session.result()


def test_json_is_exactly_the_runs_outcome(capsys, headless):
    assert main(["pitfall", "--seed", "2", "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1
    data = json.loads(out)
    assert data == json.loads(json.dumps(headless))
    assert list(data) == ["fine_tune", "freeze", "large"]
    assert list(data["fine_tune"]) == ["TV", "telly", "television", "moved"]
    assert set(data["freeze"]["television"]) == {"label", "p"}
    assert data["fine_tune"]["television"]["label"] == "week"
    assert data["freeze"]["television"]["label"] == "screen"


def test_text_names_each_run_and_says_the_rule(capsys, headless):
    assert main(["pitfall", "--seed", "2"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    for title in ("Small data, fine-tuned:", "Small data, frozen:", "Large data, fine-tuned:"):
        assert title in out
    television = headless["fine_tune"]["television"]
    assert f"television  {television['label']:<7} p = {television['p']:.3f}" in out
    assert RULE in out


@pytest.mark.parametrize("argv, message", [
    (["--seed", "-1"], "argument --seed: expected a whole number from 0 to 4,294,967,295, "
                       "got -1"),
    (["--seed", "x"], "argument --seed: expected a whole number, got 'x'"),
    (["--words", "3"], "unrecognized arguments: --words 3"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    assert main(["pitfall", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"bpviz: error: {message}\n"
