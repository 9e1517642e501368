"""`bpviz practice`: prompts in a terminal, grades, names the mistake; with `--answers FILE
--json` grades a file in the issue's JSON format; bad input is one line and exit code 2."""

from __future__ import annotations

import builtins
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from bpviz.cli.main import main
from bpviz.lessons.practice import practice_questions
from bpviz.models.window_classifier import WindowClassifier, WindowClassifierConfig

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
CS231N = ["(x+y)*z", "x=-2", "y=5", "z=-4"]
LECTURE = ["(x+y)*max(y,z)", "x=1", "y=2", "z=0"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def answers_file(tmp_path, data, name="answers.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


# ------------------------------------------------------------- grading a file

def test_all_correct_answers_in_any_form_exit_0_in_the_issues_format(capsys, tmp_path):
    path = answers_file(tmp_path, {"x": -4, "y": "-8/2", "z": 3.0, "x+y": "-4"})
    code, out, err = run(capsys, "practice", *CS231N, "--answers", path, "--json")
    assert code == 0 and err == "" and out.count("\n") == 1
    data = json.loads(out)
    assert data == {
        "steps": [
            {"node": "x+y", "answer": -4.0, "expected": -4.0, "correct": True, "mistake": None},
            {"node": "z", "answer": 3.0, "expected": 3.0, "correct": True, "mistake": None},
            {"node": "x", "answer": -4.0, "expected": -4.0, "correct": True, "mistake": None},
            {"node": "y", "answer": -4.0, "expected": -4.0, "correct": True, "mistake": None},
        ],
        "score": {"correct": 4, "total": 4},
    }


def test_wrong_answers_exit_1_with_the_mistake_named(capsys, tmp_path):
    path = answers_file(tmp_path, {"y": 2, "z": 3, "x": "4/2"})
    code, out, err = run(capsys, "practice", *LECTURE, "--answers", path, "--json")
    assert code == 1 and err == ""
    steps = json.loads(out)["steps"]
    assert [(s["node"], s["correct"], s["mistake"]) for s in steps] == [
        ("z", False, "max_wrong_input"), ("x", True, None), ("y", False, "missed_branch_sum")]
    assert json.loads(out)["score"] == {"correct": 1, "total": 3}


def test_the_labels_are_those_of_bpviz_trace(capsys, tmp_path):
    _, out, _ = run(capsys, "trace", *LECTURE, "--json")
    labels = [node["label"] for node in json.loads(out)["nodes"]]
    grads = {"x": 2, "y": 5, "z": 0, "x+y": 2, "max(y,z)": 3, "(x+y)*max(y,z)": 1}
    assert set(labels) == set(grads)
    path = answers_file(tmp_path, grads)
    code, out, _ = run(capsys, "practice", *LECTURE, "--answers", path, "--json")
    assert code == 0 and json.loads(out)["score"] == {"correct": 6, "total": 6}


def test_text_output_and_a_preset(capsys, tmp_path):
    path = answers_file(tmp_path, {"x": -4, "z": -4})
    code, out, err = run(capsys, "practice", "--preset", "cs231n", "--answers", path)
    assert code == 1 and err == ""
    assert out.splitlines() == ["wrong  z: −4, expected 3 (swapped_operands)",
                                "right  x: −4", "score: 1/2"]


def test_answers_from_standard_input(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"x": 6}'))
    code, out, _ = run(capsys, "practice", "--preset", "square", "--answers", "-", "--json")
    assert code == 0 and json.loads(out)["score"] == {"correct": 1, "total": 1}


@pytest.mark.parametrize(("content", "says"), [
    (None, "no answers file"),
    ("{", "is not valid JSON: Expecting property name enclosed in double quotes at line 1"),
    ("[1, 2]", "must hold a JSON object"),
    ("{}", "has no answers"),
    ('{"x": 1, "x": 2}', "gives 'x' twice"),
    ('{"w": 1}', "no node is labelled 'w'"),
    ('{"x": "two"}', "the answer for 'x': cannot read 'two'"),
    ('{"x": "x*2"}', "without names such as 'x'"),
    ('{"x": true}', "true is not a number"),
    ('{"x": NaN}', "not finite"),
    ('{"x": "__import__(\'os\').system(\'true\')"}', "cannot read"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, content, says):
    path = str(tmp_path / "missing.json") if content is None else answers_file(tmp_path, content)
    code, out, err = run(capsys, "practice", *CS231N, "--answers", path, "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("bpviz: error: ") and says in err
    assert "Traceback" not in err


def test_a_directory_and_a_binary_file_are_bad_input(capsys, tmp_path):
    code, _, err = run(capsys, "practice", *CS231N, "--answers", str(tmp_path))
    assert code == 2 and "is a directory" in err
    binary = tmp_path / "a.json"
    binary.write_bytes(b"\xff\xfe{")
    code, _, err = run(capsys, "practice", *CS231N, "--answers", str(binary))
    assert code == 2 and "not UTF-8" in err


@pytest.mark.parametrize(("argv", "says"), [
    (["--json"], "give a formula (EXPR NAME=VALUE ...), --preset NAME or --model window|"),
    ([*LECTURE, "--json"], "--json grades a file of answers: give --answers FILE"),
    ([], None),
    (["--preset", "lecture", "x"], "not both"),
    (["--preset", "nope"], "unknown preset 'nope'"),
    (["(x+y"], "'(' was never closed at column 1"),
    (["x*y", "x=1"], "no value for variable 'y'"),
])
def test_bad_command_lines(capsys, argv, says):
    code, out, err = run(capsys, "practice", *argv)
    assert code == 2 and err.count("\n") == 1
    assert says is None or says in err


# ------------------------------------------------------------- in a terminal

def typed(monkeypatch, *lines, then=EOFError):
    """Answer the prompts with `lines`, then raise `then` (EOF, or Ctrl-C)."""
    queue = list(lines)
    prompts = []

    def read(prompt=""):
        prompts.append(prompt)
        if not queue:
            raise then
        return queue.pop(0)
    monkeypatch.setattr(builtins, "input", read)
    return prompts


def test_a_whole_pass_in_a_terminal(capsys, monkeypatch):
    prompts = typed(monkeypatch, "2", "3", "3", "0", "hint", "2", "2", "2+3")
    # x+y, max(y,z) and x right first time; z and y right after a named mistake
    code, out, err = run(capsys, "practice", *LECTURE)
    assert code == 0 and err == ""
    assert prompts[:3] == ["[1/5] ∂f/∂(x+y) = ? ", "[2/5] ∂f/∂max(y,z) = ? ",
                           "[3/5] ∂f/∂z = ? "]
    assert "  forward: max(y,z) = 2" in out and "  forward: f = 6" in out
    assert "  not right: max routes the gradient to the larger input only" in out
    assert "  hint: ∂f/∂(x+y) = 2" in out
    assert out.rstrip().endswith("score: 3 right first time, 2 corrected, 0 revealed, of 5")
    assert "  not right: the node feeds several others" in out


def test_an_unnamed_wrong_answer_shows_the_ledger_line_beside_it(capsys, monkeypatch):
    typed(monkeypatch, "2", "3", "0", "2", "7")
    code, out, _ = run(capsys, "practice", *LECTURE)
    assert "  not right: you said 7, the ledger says 5\n  ∂f/∂y = 2 + 3 = 5" in out
    assert "revealed" in out and code == 0


def test_an_unreadable_answer_asks_again(capsys, monkeypatch):
    prompts = typed(monkeypatch, "two", "2")
    run(capsys, "practice", *LECTURE)
    assert prompts[:2] == ["[1/5] ∂f/∂(x+y) = ? "] * 2


def test_eof_and_quit_end_the_pass_with_the_score(capsys, monkeypatch):
    typed(monkeypatch, "2")
    code, out, _ = run(capsys, "practice", "--preset", "lecture")
    assert code == 0 and "score: 1 right first time, 0 corrected, 0 revealed, of 5" in out
    typed(monkeypatch, "quit")
    code, out, _ = run(capsys, "practice", "--preset", "lecture")
    assert code == 0 and "score: 0 right first time" in out


def test_ctrl_c_ends_the_pass_with_the_score_and_code_130(capsys, monkeypatch):
    typed(monkeypatch, "2", then=KeyboardInterrupt)
    code, out, err = run(capsys, "practice", "--preset", "lecture")
    assert code == 130 and err == "" and "score: 1 right first time" in out


def test_a_formula_without_gradients(capsys, monkeypatch):
    typed(monkeypatch)
    code, out, _ = run(capsys, "practice", "x", "x=1")
    assert code == 0 and "nothing to practise" in out


def _ctrl_c_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_a_real_ctrl_c_at_the_prompt_leaves_no_traceback():
    child = subprocess.Popen(
        [sys.executable, "-m", "bpviz", "practice", "--preset", "lecture"], cwd=REPO,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        child.stdin.write("2\n")
        child.stdin.flush()
        for line in child.stdout:
            if "correct" in line:
                break
        time.sleep(0.3)  # waiting at the second prompt
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == 130 and "Traceback" not in err
    assert "score: 1 right first time" in out


def test_the_readme_documents_the_grading_format():
    assert "bpviz practice" in README and "--answers" in README
    for kind in ("missed_branch_sum", "softmax_forgot_one", "transposed"):
        assert kind in README


# ------------------------------------------------------------- the matrix lessons

def trace_grads(capsys, *argv):
    """`bpviz trace … --json`: its node labels and its gradients, as arrays."""
    _, out, _ = run(capsys, "trace", *argv, "--json")
    data = json.loads(out)
    return [node["label"] for node in data["nodes"]], {
        key: np.array(value) for key, value in data["grads"].items()}


def classifier_dJ_df():
    """∂J/∂f = ŷ − t of the default classifier, and ŷ (the answer that forgets the − t)."""
    trace = WindowClassifier(WindowClassifierConfig()).record()
    question = next(q for q in practice_questions(trace) if q.label == "f")
    onehot = np.eye(4)[WindowClassifierConfig().classes.index("LOC")]
    return question.expected, question.expected + onehot


def test_bpviz_trace_records_the_classifier_whose_labels_practice_takes(capsys):
    code, out, _ = run(capsys, "trace", "--model", "classifier", "--hidden", "3")
    assert code == 0 and out.splitlines()[0] == (
        "J = −log softmax(f)_LOC for 'museums in Paris are amazing', f = U tanh(W x + b)")
    labels, grads = trace_grads(capsys, "--model", "classifier")
    assert {"W", "x", "f", "J", "Paris"} <= set(labels) and set(grads) >= {"W", "Paris"}


@pytest.mark.parametrize("model", ["window", "classifier"])
def test_a_models_weights_answered_right_as_arrays_keyed_by_trace_labels(capsys, tmp_path,
                                                                        model):
    labels, grads = trace_grads(capsys, "--model", model)
    assert "W" in labels and "x" in labels
    path = answers_file(tmp_path, {"W": grads["W"].round(6).tolist()})
    code, out, err = run(capsys, "practice", "--model", model, "--answers", path, "--json")
    assert code == 0 and err == ""
    step = json.loads(out)["steps"][0]
    assert step["node"] == "W" and step["correct"] and step["mistake"] is None
    assert np.shape(step["expected"]) == grads["W"].shape


@pytest.mark.parametrize("model", ["window", "classifier"])
def test_a_transposed_weight_gradient_is_named_from_the_command_line(capsys, tmp_path, model):
    _, grads = trace_grads(capsys, "--model", model)
    path = answers_file(tmp_path, {"W": grads["W"].T.tolist()})
    code, out, err = run(capsys, "practice", "--model", model, "--answers", path, "--json")
    assert code == 1 and err == ""
    data = json.loads(out)
    assert data["steps"][0]["mistake"] == "transposed" and data["score"]["correct"] == 0


def test_softmax_forgot_one_is_named_on_the_classifier(capsys, tmp_path):
    right, forgot = classifier_dJ_df()
    path = answers_file(tmp_path, {"f": forgot.tolist(), "J": 1})
    code, out, _ = run(capsys, "practice", "--model", "classifier", "--answers", path, "--json")
    assert code == 1
    steps = {step["node"]: step for step in json.loads(out)["steps"]}
    assert steps["f"]["mistake"] == "softmax_forgot_one" and steps["J"]["correct"]
    path = answers_file(tmp_path, {"f": [str(v) for v in right.round(8)]})
    code, out, _ = run(capsys, "practice", "--model", "classifier", "--answers", path)
    assert code == 0 and out.splitlines()[-1] == "score: 1/1"


def test_a_word_vector_objective_is_graded_by_its_trace_labels_and_json_keys(capsys, tmp_path):
    _, grads = trace_grads(capsys, "--model", "sgns", "--d", "3")
    path = answers_file(tmp_path, {"v_c": grads["v_c"].tolist(), "u_o": (-grads["u_o"]).tolist()})
    code, out, _ = run(capsys, "practice", "--model", "sgns", "--d", "3", "--answers", path,
                       "--json")
    steps = {step["node"]: step for step in json.loads(out)["steps"]}
    assert code == 1 and steps["v_c"]["correct"] and steps["u_o"]["mistake"] == "sign_flipped"
    labels, grads = trace_grads(capsys, "--model", "glove")
    assert "W̃" in labels and "W_tilde" in grads  # the node's label and its ASCII key
    path = answers_file(tmp_path, {"W_tilde": grads["W_tilde"].tolist(),
                                   "b̃": grads["b_tilde"].tolist()})
    code, out, _ = run(capsys, "practice", "--model", "glove", "--answers", path, "--json")
    assert code == 0 and json.loads(out)["score"] == {"correct": 2, "total": 2}


@pytest.mark.parametrize(("argv", "says"), [
    (["--model", "window", "x*y", "x=1"], "not two"),
    (["--model", "window", "--preset", "cs231n"], "not two"),
    (["--model", "classifier", "--corrupt", "a b c"], "--corrupt is for --model window"),
    (["--model", "skipgram", "--negatives", "2"], "--negatives is for --model sgns"),
    ([*CS231N, "--d", "3"], "--d is for --model"),
    (["--model", "nope"], "invalid choice: 'nope'"),
])
def test_bad_model_command_lines(capsys, argv, says):
    code, out, err = run(capsys, "practice", *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and says in err


@pytest.mark.parametrize(("answers", "says"), [
    ({"W": [[1, 2], [3]]}, "the answer for 'W': its rows have different lengths"),
    ({"W": [["a"]]}, "the answer for 'W': cannot read 'a'"),
    ({"h_c": 1}, "no node is labelled 'h_c'"),
])
def test_bad_array_answers_are_one_line_and_exit_2(capsys, tmp_path, answers, says):
    path = answers_file(tmp_path, answers)
    code, out, err = run(capsys, "practice", "--model", "classifier", "--answers", path)
    assert code == 2 and out == "" and err.count("\n") == 1 and says in err


def test_the_window_scorer_in_a_terminal_asks_shapes_then_cells(capsys, monkeypatch):
    prompts = typed(monkeypatch, "-1", "1", "8", "reveal", "8", "reveal", "8", "reveal",
                    "8", "quit")
    code, out, err = run(capsys, "practice", "--model", "window")
    assert code == 0 and err == ""
    assert prompts[:3] == ["[1/20] ∂J/∂s = ? ", "[2/20] ∂J/∂s_c = ? ",
                           "[3/20] shape of ∂J/∂h_c? "]
    assert prompts[3].startswith("[3/20] ∂J/∂h_c[")
    assert prompts[8] == "[6/20] shape of ∂J/∂x_c? "
    assert "  given: u = (8) [" in out and "  forward: J = 0.8249" in out
    assert "  not right: you said 8, the ledger says 20\n  ∂J/∂x_c (20) = " in out
    assert out.splitlines()[-1] == "score: 2 right first time, 0 corrected, 4 revealed, of 20"


def test_a_transposed_shape_is_named_in_a_terminal(capsys, monkeypatch):
    typed(monkeypatch, "4", "reveal", "20x4", "4x20", "quit")
    code, out, _ = run(capsys, "practice", "--model", "classifier")
    assert code == 0 and ("  not 20×4: transposed: a gradient has the shape of the thing it "
                          "is the gradient of; ∂J/∂W is 4×20, not 20×4") in out
    assert "score: 0 right first time, 0 corrected, 1 revealed, of 8" in out


def test_an_arrays_shape_is_graded_as_a_shape_alone_or_beside_its_value(capsys, tmp_path):
    right, _ = classifier_dJ_df()
    path = answers_file(tmp_path, {"W": "20x4", "f": {"shape": "(4,)", "value": right.tolist()},
                                   "x": {"shape": "20"}, "Paris": "4 x 1"})
    code, out, err = run(capsys, "practice", "--model", "classifier", "--answers", path, "--json")
    assert code == 1 and err == ""
    steps = [(s["node"], s["answer"], s["expected"], s["correct"], s["mistake"])
             for s in json.loads(out)["steps"]]
    assert steps[:3] == [("f", "4", "4", True, None), ("f", right.tolist(), right.tolist(),
                                                       True, None),
                         ("W", "20×4", "4×20", False, "transposed")]
    # a vector is a column, as the ledger and the drill write it: 4×1 is its shape too
    assert ("x", "20", "20", True, None) in steps and ("Paris", "4×1", "4", True, None) in steps
    path = answers_file(tmp_path, {"W": "4×20"})
    code, out, _ = run(capsys, "practice", "--model", "classifier", "--answers", path)
    assert code == 0 and out.splitlines() == ["right  W: shape 4×20", "score: 1/1"]


@pytest.mark.parametrize(("answers", "says"), [
    ({"W": {"shape": 3}}, "the answer for 'W': its shape is a string such as \"8x20\""),
    ({"W": {"shap": "3"}}, "an answer object holds \"shape\" and/or \"value\", not 'shap'"),
    ({"W": {}}, "an answer object holds \"shape\" and/or \"value\""),
    ({"W": "8x"}, "the answer for 'W': cannot read '8x' as a shape"),
])
def test_bad_shape_answers_are_one_line_and_exit_2(capsys, tmp_path, answers, says):
    path = answers_file(tmp_path, answers)
    code, out, err = run(capsys, "practice", "--model", "classifier", "--answers", path)
    assert code == 2 and out == "" and err.count("\n") == 1 and says in err


def test_a_scalars_answer_is_never_read_as_a_shape(capsys, tmp_path):
    path = answers_file(tmp_path, {"x": "2x3"})  # x is a scalar: 2x3 is no number
    code, _, err = run(capsys, "practice", *CS231N, "--answers", path)
    assert code == 2 and err == ("bpviz: error: the answer for 'x': it is a scalar, a single "
                                 "number, not a shape such as '2x3'\n")


def test_a_models_matrices_are_written_out_a_row_a_line(capsys, monkeypatch):
    typed(monkeypatch, "quit")
    _, out, _ = run(capsys, "practice", "--model", "window")
    lines = out.splitlines()
    start = lines.index("  given: W = (8×20), row by row:")
    rows = lines[start + 1:start + 9]
    assert all(row.startswith("    [") and row.count(",") == 19 for row in rows)


def test_a_vectors_shape_as_a_column_is_right_and_as_a_row_transposed(capsys, tmp_path,
                                                                      monkeypatch):
    path = answers_file(tmp_path, {"h_c": "8x1", "x_c": "(20,)", "u": "1x8"})
    code, out, err = run(capsys, "practice", "--model", "window", "--answers", path, "--json")
    steps = {s["node"]: (s["correct"], s["mistake"]) for s in json.loads(out)["steps"]}
    assert code == 1 and err == ""
    assert steps == {"h_c": (True, None), "x_c": (True, None), "u": (False, "transposed")}
    typed(monkeypatch, "-1", "1", "8x1", "quit")
    code, out, _ = run(capsys, "practice", "--model", "window")
    assert "  correct: ∂J/∂h_c is a vector of 8 (8×1 as a column)" in out
    assert "revealed" not in out.split("score:")[0] and "not right" not in out


def test_a_node_named_twice_in_an_answers_file_is_refused(capsys, tmp_path):
    path = answers_file(tmp_path, {"W̃": [[0.0] * 2] * 6, "W_tilde": [[0.0] * 2] * 6})
    code, out, err = run(capsys, "practice", "--model", "glove", "--answers", path)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "the answers name one node twice, as 'W̃' and 'W_tilde'" in err


def test_a_json_true_is_refused_as_not_a_number(capsys, tmp_path):
    path = answers_file(tmp_path, '{"x": true}')
    code, out, err = run(capsys, "practice", *CS231N, "--answers", path)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "the answer for 'x': true is not a number" in err and "True" not in err


def test_a_shape_typed_for_a_scalar_in_a_terminal_says_a_number_is_asked(capsys, monkeypatch):
    typed(monkeypatch, "8x20", "2")
    code, out, _ = run(capsys, "practice", *LECTURE)
    assert ("  ∂f/∂(x+y) is a single number (a scalar), not a shape such as '8x20'; answer "
            "with its value; try again") in out
    assert "decimal literal" not in out and "  correct" in out


def test_a_cell_is_asked_counting_from_0_in_a_terminal(capsys, monkeypatch):
    prompts = typed(monkeypatch, "-1", "1", "8", "quit")
    run(capsys, "practice", "--model", "window")
    assert prompts[3].startswith("[3/20] ∂J/∂h_c[") and prompts[3].endswith(
        "] = ? (counting from 0) ")
