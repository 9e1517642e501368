"""`bpviz trace/gradcheck/ledger --model skipgram|sgns|glove|simple-glove` from the shell:
the trace JSON's keys and shapes, the checks passing, options the model does not read refused."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bpviz.cli.main import main
from bpviz.models.word_model_choices import build_word_model


def run_json(capsys, *argv):
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1
    return code, json.loads(out)


def test_skipgram_json_holds_v_c_U_and_the_outside_row(capsys):
    code, data = run_json(capsys, "trace", "--model", "skipgram", "--d", "3", "--seed", "4")
    assert code == 0 and data["model"] == "skipgram"
    assert list(data["inputs"]) == ["v_c", "U", "o"] and list(data["grads"]) == ["v_c", "U"]
    assert np.shape(data["inputs"]["v_c"]) == (3,) == np.shape(data["grads"]["v_c"])
    assert np.shape(data["inputs"]["U"]) == (8, 3) == np.shape(data["grads"]["U"])
    assert data["vocabulary"][data["inputs"]["o"]] == data["outside"] == "solid"
    model = build_word_model("skipgram", d=3, seed=4)
    J, grads, _ = model.gradients()
    assert data["value"] == pytest.approx(J, rel=1e-12)
    np.testing.assert_allclose(data["grads"]["v_c"], grads["V"][model.c], rtol=1e-12)
    np.testing.assert_allclose(data["inputs"]["U"], model.params["U"], rtol=0)


def test_sgns_json_holds_the_negatives_in_draw_order(capsys):
    code, data = run_json(capsys, "trace", "--model", "sgns", "--negatives", "12")
    assert code == 0
    assert list(data["inputs"]) == ["v_c", "u_o", "u_neg"] == list(data["grads"])
    assert np.shape(data["inputs"]["u_o"]) == (2,)
    assert np.shape(data["inputs"]["u_neg"]) == (12, 2) == np.shape(data["grads"]["u_neg"])
    model = build_word_model("sgns", negatives=12)
    U = model.params["U"]
    np.testing.assert_allclose(data["inputs"]["u_neg"], U[model.negatives], rtol=0)
    assert data["negative_words"] == [data["vocabulary"][row] for row in model.negatives]
    assert len(set(data["negative_words"])) < 12  # 12 draws of 8 words: a repeat stays
    assert data["noise"] == pytest.approx(list(model.noise_table().noise))


def test_glove_json_holds_both_tables_biases_counts_and_weighting(capsys):
    code, data = run_json(capsys, "trace", "--model", "glove")
    assert code == 0
    assert list(data["inputs"]) == ["W", "W_tilde", "b", "b_tilde", "X", "x_max", "alpha"]
    assert list(data["grads"]) == ["W", "W_tilde", "b", "b_tilde"]
    assert np.shape(data["inputs"]["W_tilde"]) == (8, 2) and np.shape(data["grads"]["b"]) == (8,)
    assert np.shape(data["inputs"]["X"]) == (8, 8)
    assert data["inputs"]["x_max"] == 100.0 and data["inputs"]["alpha"] == 0.75


def test_simple_glove_json_holds_V_and_X(capsys):
    code, data = run_json(capsys, "trace", "--model", "simple-glove", "--d", "4")
    assert code == 0
    assert list(data["inputs"]) == ["V", "X"] and list(data["grads"]) == ["V"]
    assert np.shape(data["grads"]["V"]) == (8, 4)


@pytest.mark.parametrize("model", ["skipgram", "sgns", "glove", "simple-glove"])
def test_gradcheck_passes_for_each_word_model(model, capsys):
    code, data = run_json(capsys, "gradcheck", "--model", model, "--d", "3", "--seed", "2")
    assert code == 0 and data["passed"] and data["max_rel_error"] < 1e-7


def test_glove_is_checked_under_the_lecture_names_and_keyed_in_ascii(capsys):
    assert main(["gradcheck", "--model", "glove"]) == 0
    text = capsys.readouterr().out
    assert "W̃  relative error" in text and "b̃  relative error" in text
    _, data = run_json(capsys, "gradcheck", "--model", "glove")
    assert list(data["parameters"]) == ["W", "W_tilde", "b", "b_tilde"]


@pytest.mark.parametrize("model", ["skipgram", "sgns", "glove", "simple-glove"])
def test_trace_and_ledger_as_text_start_with_the_objective(model, capsys):
    assert main(["trace", "--model", model]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("J = ") and lines[-1].startswith("∂J/∂")
    assert main(["ledger", "--model", model]) == 0
    assert capsys.readouterr().out.startswith("forward 1/")


@pytest.mark.parametrize("argv, message", [
    (["trace", "--model", "glove", "--negatives", "3"], "--negatives is for --model sgns"),
    (["trace", "--model", "window", "--negatives", "3"], "--negatives is for --model sgns"),
    (["gradcheck", "--model", "mlp", "--negatives", "3"], "--negatives is for --model sgns"),
    (["trace", "--model", "skipgram", "--hidden", "3"], "--hidden is for --model window"),
    (["trace", "--model", "sgns", "--activation", "relu"], "--activation is for --model window"),
    (["gradcheck", "--model", "glove", "--loss", "margin"], "--loss is for --model softmax"),
    (["trace", "--model", "sgns", "--negatives", "0"], "--negatives: expected a whole number"),
    (["trace", "x", "x=1", "--negatives", "2"], "--negatives is for --model sgns"),
])
def test_bad_word_model_command_lines_are_one_clear_line(argv, message, capsys):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err


@pytest.mark.parametrize("model", ["skipgram", "sgns", "glove", "simple-glove"])
def test_every_ledger_line_of_a_word_model_equals_its_factors_combined(model, capsys):
    from tests.cli.test_ledger_command import recombined

    code, data = run_json(capsys, "ledger", "--model", model)
    checked = 0
    for line in (line for step in data["steps"] for line in step["lines"]):
        if line["combine"] != "value":
            np.testing.assert_allclose(np.reshape(recombined(line), line["shape"]),
                                       line["value"], rtol=1e-12, atol=1e-15,
                                       err_msg=line["text"])
            checked += 1
    assert code == 0 and checked >= 8
