"""`bpviz trace --model window`, `bpviz gradcheck` and `bpviz train`: the models from the shell."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bpviz.cli import gradcheck_command
from bpviz.cli.main import main
from bpviz.engine import GradcheckReport, ParameterCheck, relative_error
from bpviz.models.window_scorer import WindowConfig, WindowScorer

WORDS = ["museums", "in", "Paris", "are", "amazing", "Not", "all"]


def run_json(capsys, *argv):
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1
    return code, json.loads(out)


def test_window_trace_json_holds_the_parameters_and_one_entry_per_word(capsys):
    code, data = run_json(capsys, "trace", "--model", "window", "--seed", "3",
                          "--activation", "relu")
    assert code == 0 and data["model"] == "window"
    assert list(data["grads"]) == WORDS + ["W", "b", "u"] == list(data["inputs"])
    _, grads, _ = WindowScorer(WindowConfig(seed=3, activation="relu")).gradients()
    np.testing.assert_allclose(data["grads"]["W"], grads["W"], rtol=1e-12)
    model = WindowScorer(WindowConfig(seed=3, activation="relu"))
    np.testing.assert_allclose(data["grads"]["Paris"], grads["L"][model.words.index["Paris"]],
                               rtol=1e-12)
    assert np.shape(data["grads"]["W"]) == (8, 20)
    phases = [step["phase"] for step in data["steps"]]
    assert phases == ["forward"] * phases.count("forward") + ["backward"] * phases.count("backward")


def test_window_trace_as_text_names_both_windows_and_the_loss(capsys):
    assert main(["trace", "--model", "window"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("J = max(0, 1 − s + s_c) for 'museums in Paris are amazing'")
    assert lines[-1].startswith("∂J/∂u = 8: [")


@pytest.mark.parametrize("argv, message", [
    (["trace"], "give either a formula (EXPR NAME=VALUE ...) or --model window"),
    (["trace", "x", "x=1", "--model", "window"], "give either a formula"),
    (["trace", "--model", "window", "--hidden", "0"], "--hidden: expected a whole number from 1"),
    (["trace", "--model", "window", "--seed", "-1"], "--seed: expected a whole number from 0"),
    (["trace", "--model", "window", "--window", "x z h s J"], "clashes with the node x"),
    (["trace", "x", "x=1", "--d", "3"], "--d is for --model window"),
    (["gradcheck", "--model", "mlp", "--h", "0"], "--h: expected a finite number at least 1e-10"),
    (["gradcheck", "--model", "mlp", "--h", "nan"], "--h: expected a finite number"),
    (["gradcheck", "--model", "softmax", "--hidden", "3"], "--hidden is for --model window"),
    (["gradcheck", "--model", "window", "--loss", "margin"], "--loss is for --model softmax"),
    (["gradcheck", "--model", "window", "--d", "64", "--hidden", "256"], "at most 20,000"),
    (["train", "--l2", "-1"], "--l2: expected a finite number at least 0"),
    (["train", "--l1", "nan"], "--l1: expected a finite number"),
    (["train", "--lr", "0"], "--lr: expected a finite number more than 0"),
    (["train", "--model", "softmax", "--hidden", "16"], "--hidden is for --model mlp"),
    (["train", "--hidden", "100000,100000"], "at most 8 layers of 1024 units"),
    (["train", "--data", ""], "--data needs a data set name"),
    (["trace", "--model", "window", "--corrupt", "a b"], "same number of words"),
    (["gradcheck"], "the following arguments are required: --model"),
    (["train", "--data", "missing.csv"], "missing.csv"),
    (["train", "--data", "spiral", "--classes", "9"], "classes"),
    (["train", "--hidden", "8,0"], "at least 1 unit"),
    (["train", "--data", "xor", "--train-fraction", "1.5"], "--train-fraction: expected"),
    (["train", "--optimizer", "sgd", "--lr", "1e200", "--activation", "relu"],
     "training diverged at step"),
    # Finite parameters, but Adam's second moment overflowed: training has stopped.
    (["train", "--l2", "1e300"],
     "training diverged at step 1: the adam optimiser's second moment v of 'W1' is not finite"),
    (["train", "--l2", "1e300", "--optimizer", "rmsprop"], "cache of squared gradients"),
])
def test_bad_model_command_lines_are_one_clear_line(argv, message, capsys):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err and err.startswith("bpviz: error:")


@pytest.mark.parametrize("model, parameters", [
    ("window", WORDS + ["W", "b", "u"]),
    ("softmax", ["W", "b"]),
    ("mlp", ["W1", "b1", "W2", "b2", "W3", "b3"]),
])
def test_gradcheck_reports_every_parameter_and_passes(model, parameters, capsys):
    code, data = run_json(capsys, "gradcheck", "--model", model, "--seed", "1")
    assert code == 0 and data["passed"] is True
    assert list(data["parameters"]) == parameters
    smooth = [entry for entry in data["parameters"].values() if not entry["within_noise"]]
    assert all(entry["rel_error"] < 1e-7 for entry in smooth)


def test_gradcheck_of_a_linear_window_scorer_explains_the_zero_gradient_of_b(capsys):
    assert main(["gradcheck", "--model", "window", "--activation", "linear"]) == 0
    lines = capsys.readouterr().out.splitlines()
    b_line = next(line for line in lines if line.strip().startswith("b "))
    assert "the gradient is zero" in b_line
    assert lines[-1].endswith("passed")


def kinked_report(analytic):
    """W with element 0 within h of a kink (backprop 0, central differences 0.5)."""
    analytic, numeric = np.array(analytic), np.array([0.5, 1.0, 1.0])
    check = ParameterCheck("W", 0, analytic, numeric, relative_error(analytic, numeric), ((0,),))
    return GradcheckReport((check,), check.rel_error, check.rel_error, 1e-5)


@pytest.mark.parametrize("analytic, code, note", [
    ([0.0, 1.0, 1.0], 0, "(kink: 1 of 3 elements exempt; the other 2 agree, relative error 0.0"),
    ([0.0, 1.0, 1.1], 1, "(kink: 1 of 3 elements exempt; the other 2 disagree, relative error 3."),
])
def test_gradcheck_exempts_only_the_kinked_elements(monkeypatch, capsys, analytic, code, note):
    monkeypatch.setattr(gradcheck_command, "gradcheck", lambda *_, **__: kinked_report(analytic))
    assert main(["gradcheck", "--model", "softmax"]) == code
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("         W  relative error 1.") and note in lines[1]
    assert lines[-1].endswith(", 1 element exempt at a kink")
    code_json, data = run_json(capsys, "gradcheck", "--model", "softmax")
    entry = data["parameters"]["W"]
    assert code_json == code and entry["exempt"] == 1 and entry["kinks"] == [[0]]
    assert entry["passed"] is (code == 0) and entry["rel_error"] > 0.1
    assert entry["checked_rel_error"] == kinked_report(analytic).parameters[0].checked_rel_error


def test_train_prints_the_final_losses_and_accuracies(capsys):
    assert main(["train", "--data", "xor", "--epochs", "150", "--hidden", "16,16"]) == 0
    header, train, test = capsys.readouterr().out.splitlines()
    assert header.startswith("mlp 2-16-16-2 (tanh, softmax loss, adam lr 0.03) on xor:")
    assert train.startswith("train: loss ") and test.startswith("test:  loss ")
    assert float(test.split("accuracy ")[1].rstrip(" %")) >= 90


def test_train_json_has_the_history_and_is_reproducible(capsys):
    argv = ["train", "--data", "gauss", "--classes", "4", "--model", "softmax", "--epochs", "5",
            "--optimizer", "momentum", "--l2", "0.01", "--seed", "4"]
    _, first = run_json(capsys, *argv)
    _, second = run_json(capsys, *argv)
    assert first == second
    assert first["classes"] == ["0", "1", "2", "3"] and first["model"] == "softmax 2-4"
    assert [record["epoch"] for record in first["history"]] == [1, 2, 3, 4, 5]
    assert first["test"]["accuracy"] == first["history"][-1]["test_accuracy"]


def test_train_reads_a_csv_data_set(tmp_path, capsys):
    rng = np.random.default_rng(0)
    rows = ["x1,x2,label"] + [f"{a:.3f},{b:.3f},{'cat' if a > 0 else 'dog'}"
                              for a, b in rng.uniform(-1, 1, size=(60, 2))]
    path = tmp_path / "points.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, data = run_json(capsys, "train", "--data", str(path), "--model", "softmax",
                       "--epochs", "40", "--batch-size", "0")
    assert data["classes"] == ["cat", "dog"] and data["points"] == 60
    assert data["test"]["accuracy"] >= 0.9


def test_train_standardises_features_in_pixels_and_says_so(tmp_path, capsys):
    rng = np.random.default_rng(1)
    points = rng.uniform(0, 500, size=(300, 2))
    rows = ["px,py,label"] + [f"{a:.1f},{b:.1f},{'in' if np.hypot(a - 250, b - 250) < 150 else 'out'}"
                              for a, b in points]
    path = tmp_path / "pixels.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["train", "--data", str(path), "--epochs", "60"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("features standardised (they reach beyond ±10): px′ = (px − ")
    assert float(lines[2].split("accuracy ")[1].rstrip(" %")) >= 90  # the majority is 72 %
    _, data = run_json(capsys, "train", "--data", "xor", "--epochs", "1")
    assert data["standardised"] is None


def test_train_with_everything_in_training_reports_no_test_points(capsys):
    code, data = run_json(capsys, "train", "--data", "moons", "--epochs", "2",
                          "--train-fraction", "1")
    assert code == 0 and data["test"] == {"loss": None, "accuracy": None}


def test_gradcheck_with_a_step_too_small_for_the_gradient_fails_honestly(capsys):
    assert main(["gradcheck", "--model", "mlp", "--h", "1e-9"]) == 1
    output = capsys.readouterr().out
    assert "FAILED" in output and "the gradient is zero" not in output


def test_one_epoch_is_singular(capsys):
    assert main(["train", "--epochs", "1", "--batch-size", "0", "--decay", "step"]) == 0
    assert "1 epoch (1 step)" in capsys.readouterr().out


def test_a_class_label_of_thousands_of_digits_trains(tmp_path, capsys):
    path = tmp_path / "big_labels.csv"
    rows = [f"{k / 10},{(k * 7 % 10) / 10},{'9' * 5000 if k % 2 else '1'}" for k in range(20)]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    code, data = run_json(capsys, "train", "--data", str(path), "--epochs", "1")
    assert code == 0 and data["classes"] == ["1", "9" * 5000]


@pytest.mark.parametrize("noise", ["1e308", "101", "inf"])
def test_noise_beyond_any_use_is_a_usage_error(capsys, noise):
    assert main(["train", "--noise", noise, "--epochs", "1"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err == ("bpviz: error: argument --noise: expected a finite number at least 0 and at "
                   f"most 100, got {noise!r}\n")
