"""Every example is a runnable script: run each one and check what it prints."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str, *args: str) -> str:
    """Run examples/NAME as a user would and return its standard output."""
    env = dict(os.environ, PYTHONPATH=str(EXAMPLES.parent))
    result = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True,
                            text=True, timeout=120, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_example_has_a_docstring_and_a_test():
    scripts = sorted(path.name for path in EXAMPLES.glob("*.py"))
    assert scripts == sorted(EXPECTED)
    for name in scripts:
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        assert text.startswith('"""'), f"{name} needs a docstring"


EXPECTED = {
    "lecture_circuit.py": ["forward  f = 6", "∂f/∂x = 2", "∂f/∂y = 5", "∂f/∂z = 0",
                           "∂f/∂y += 3", "∂f/∂y += 2"],
    "window_scorer.py": ["J = max(0, 1 - s + s_c)", "shape (8, 20)", "gradient check"],
    "decision_boundary.py": ["softmax: train accuracy", "neural net 16-16"],
    "gradient_check.py": ["generic point:", "kink at [(0, 0), (0, 1)]", "b: relative error"],
    "custom_dataset.py": ["smiley.csv: 155 points, classes: face, eye, mouth",
                          "softmax regression", "neural net", "f = face, e = eye, m = mouth"],
    "session_files.py": ["window_scorer_lecture.bpviz: Lecture 3: the window scorer",
                         "lesson window-scorer, opens at step 0, J = 0.207530",
                         "step 20 (backward 9/11 · through z = Wx + b): δ = ∂s/∂z",
                         "step 100, weights equal bit for bit: True",
                         "step 80, vectors equal bit for bit: True"],
    "word_vectors.py": ["skipgram: J = −log P(o|c)", "∂J/∂v_c = −u_o + Σ_w P(w|c) u_w",
                        "negatives drawn from U(w)^3/4 / Z: the, solid, water",
                        "GloVe J 2.482194 -> 2.482194", "simpler GloVe J 17.920531 -> 134.055127"],
}


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - {"decision_boundary.py"}))
def test_example_runs_and_prints_what_it_promises(name):
    output = run_example(name)
    for fragment in EXPECTED[name]:
        assert fragment in output


def test_window_scorer_gradients_agree_with_central_differences():
    last = run_example("window_scorer.py").strip().splitlines()[-1]
    assert float(last.rsplit(" ", 1)[1]) < 1e-7


def test_decision_boundary_shows_softmax_failing_and_the_net_succeeding(tmp_path):
    from PIL import Image

    output = tmp_path / "boundary.png"
    lines = run_example("decision_boundary.py", str(output)).splitlines()
    softmax_test = int(lines[0].rsplit(" ", 1)[1].rstrip("%"))
    net_test = int(lines[1].rsplit(" ", 1)[1].rstrip("%"))
    assert softmax_test < 65 <= 90 <= net_test
    assert Image.open(output).size == (820, 440)


def test_custom_dataset_net_beats_softmax_on_the_smiley():
    lines = run_example("custom_dataset.py").splitlines()
    accuracy = {line.split()[0]: float(line.rsplit(" ", 1)[1].rstrip("%"))
                for line in lines if "test accuracy" in line}
    assert accuracy["softmax"] < 60 and accuracy["neural"] >= 95
    regions = [line.strip() for line in lines if set(line.strip()) <= set("fem") and line.strip()]
    assert len(regions) == 32 and {"f", "e", "m"} <= set("".join(regions))



@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE as on Linux")
def test_decision_boundary_on_a_full_disk_says_so_and_keeps_the_old_picture(tmp_path):
    output = tmp_path / "boundary.png"
    output.write_bytes(b"the old picture")
    # The system refuses bytes past 1 KB, as a full disk would; the picture takes more.
    code = ("import resource, runpy, signal, sys\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
            f"sys.argv = ['decision_boundary.py', {str(output)!r}]\n"
            f"runpy.run_path({str(EXAMPLES / 'decision_boundary.py')!r}, run_name='__main__')\n")
    env = dict(os.environ, PYTHONPATH=str(EXAMPLES.parent))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env=env, check=False)
    assert result.returncode == 1
    assert result.stderr == (f"error: {output}: cannot be written: File too large; the file "
                             "there is unchanged\n")
    assert output.read_bytes() == b"the old picture"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["boundary.png"]
