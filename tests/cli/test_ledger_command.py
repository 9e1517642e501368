"""`bpviz ledger`: the app's ledger printed headless, as text and as JSON whose every line
recombines from its factors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from bpviz.cli.main import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def recombined(line):
    values = [np.asarray(factor["value"], dtype=float) for factor in line["factors"]]
    if line["combine"] == "sum":
        return sum(values)
    result = values[0]
    for value in values[1:]:
        result = result @ value if line["combine"] == "matmul" else result * value
    return result


@pytest.mark.parametrize("argv", [
    ["(x+y)*max(y,z)", "x=1", "y=2", "z=0"],
    ["x**y", "x=0", "y=0"],
    ["--model", "window"],
    ["--model", "window", "--activation", "relu", "--seed", "4", "--hidden", "3"],
    ["--model", "classifier"],
    ["--model", "classifier", "--hidden", "5", "--activation", "sigmoid"],
])
def test_every_json_line_equals_its_factors_combined(capsys, argv):
    code, out, err = run(capsys, "ledger", *argv, "--json")
    assert code == 0 and err == "" and out.count("\n") == 1
    data = json.loads(out)
    checked = 0
    for step in data["steps"]:
        assert set(step) >= {"phase", "node", "lines"}
        for line in step["lines"]:
            assert set(line) == {"text", "target", "value", "shape", "combine", "factors"}
            assert list(np.shape(line["value"])) == line["shape"]
            if line["combine"] == "value":
                assert line["factors"] == []
                continue
            for factor in line["factors"]:
                assert list(np.shape(factor["value"])) == factor["shape"]
                if line["combine"] == "matmul":
                    assert len(factor["shape"]) == 2  # δ as 8×1, xᵀ as 1×20
            np.testing.assert_allclose(np.reshape(recombined(line), line["shape"]),
                                       line["value"], rtol=1e-12, atol=1e-15, err_msg=line["text"])
            checked += 1
    assert checked >= 2


def test_the_window_models_ledger_has_the_lectures_delta_lines(capsys):
    _, out, _ = run(capsys, "ledger", "--model", "window", "--json")
    lines = {line["text"].split(" = [")[0]: line for step in json.loads(out)["steps"]
             for line in step["lines"]}
    assert "δ (8) = ∂s/∂z = ∂s/∂h (8) ∘ f′(z) (8)" in lines
    assert "δ_c (8) = ∂s_c/∂z_c = ∂s_c/∂h_c (8) ∘ f′(z_c) (8)" in lines
    assert "∂s/∂W (8×20) = δ (8×1) xᵀ (1×20)" in lines
    matmul = lines["∂s/∂W (8×20) = δ (8×1) xᵀ (1×20)"]
    assert [factor["shape"] for factor in matmul["factors"]] == [[8, 1], [1, 20]]


def test_the_text_matches_the_readme_excerpt(capsys):
    excerpt = next(block for block in re.findall(r"```text\n(.*?)```", README, flags=re.S)
                   if block.startswith("backward 8/11 · h = tanh(z)"))
    _, out, _ = run(capsys, "ledger", "--model", "window")
    assert excerpt in out


@pytest.mark.parametrize("argv, message", [
    ([], "give either a formula"),
    (["x*y", "x=1", "y=2", "--model", "window"], "give either a formula"),
    (["--model", "window", "x=1"], "give either a formula"),
    (["--model", "classifier", "--corrupt", "a b"], "--corrupt is for --model window"),
    (["x*y", "x=1", "y=2", "--seed", "3"], "--seed is for --model"),
    (["--model", "window", "--window", " ".join(["w"] * 65)], "a window has at most 64"),
    (["--model", "classifier", "--window", " ".join(["w"] * 65)], "a window has at most 64"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, "ledger", *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_format_prints_the_handout_and_out_writes_it(capsys, tmp_path):
    code, out, err = run(capsys, "ledger", "(x+y)*max(y,z)", "x=1", "y=2", "z=0",
                         "--format", "markdown")
    assert code == 0 and err == ""
    assert out.startswith(r"# Chain-rule ledger of (x+y)\*max(y,z) at x=1, y=2, z=0")
    assert "$$\n\\partial f/\\partial y = 2 + 3 = 5\n$$" in out
    code, out, _ = run(capsys, "ledger", "--model", "window", "--format", "text")
    assert code == 0 and "all 160 numbers of ∂J/∂W (8×20), row by row:" in out
    path = tmp_path / "sheet.md"
    code, out, _ = run(capsys, "ledger", "--model", "window", "--out", str(path))
    assert code == 0 and out == f"wrote {path}\n"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Chain-rule ledger of the window model with true\\_window=")
    assert "d=4, hidden=8, activation=tanh, seed=0" in first
    code, _, _ = run(capsys, "ledger", "--model", "window", "--out", str(tmp_path / "s.txt"))
    assert "$$" not in (tmp_path / "s.txt").read_text(encoding="utf-8")


def test_a_handout_that_cannot_be_written_is_one_line_and_leaves_the_old_file(capsys,
                                                                             tmp_path):
    code, out, err = run(capsys, "ledger", "--model", "window", "--out",
                         str(tmp_path / "missing" / "x.md"))
    assert code != 0 and out == "" and err.count("\n") == 1 and "cannot be written" in err
    code, _, err = run(capsys, "ledger", "--model", "window", "--json", "--format", "text")
    assert code != 0 and "--json" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_out_refuses_a_name_it_cannot_write_and_dash_is_standard_output(capsys, tmp_path,
                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("x.pdf", "handout"):
        code, out, err = run(capsys, "ledger", "--model", "window", "--out", name)
        assert code == 2 and out == "" and err.count("\n") == 1
        assert f"--out {name}: a handout is FILE.md" in err and "--format" in err
    code, out, _ = run(capsys, "ledger", "--model", "window", "--out", "x.pdf", "--format", "text")
    assert code == 0 and (tmp_path / "x.pdf").read_text(encoding="utf-8").startswith(
        "Chain-rule ledger of the window model")
    code, out, _ = run(capsys, "ledger", "x*y", "x=1", "y=2", "--out", "-")
    assert code == 0 and out.startswith("# Chain-rule ledger of x\\*y at x=1, y=2")
    code, out, _ = run(capsys, "ledger", "x*y", "x=1", "y=2", "--out", "-", "--format", "text")
    assert code == 0 and out.startswith("Chain-rule ledger of x*y at x=1, y=2\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x.pdf"]
