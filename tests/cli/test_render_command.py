"""`bpviz render`: a picture of a lesson with no display at all; a bad argument is one line
on stderr and exit code 2, with no window built and no file written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpviz.cli.main import main

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("arguments, said", [
    (["--lesson", "nope"], "no lesson called 'nope'; choose from window, classifier"),
    (["--size", "10x10"], "argument --size: expected WIDTHxHEIGHT, each 200–8192"),
    (["--size", "wide"], "argument --size: expected WIDTHxHEIGHT such as 1360x860"),
    (["--phase", "backward"], "--phase backward needs --step N"),
    (["x=1"], "is for --lesson expression; 'x=1' was given"),
    (["--lesson", "expression", "x*y", "x=one"], "the value of 'x' is not a number"),
    (["--scale", "2", "--width", "300"], "not allowed with argument"),
    (["--step", "-1"], "argument --step: expected a whole number"),
], ids=lambda value: value if isinstance(value, str) else " ".join(value))
def test_a_bad_argument_is_one_line_and_exit_2(arguments, said, capsys, tmp_path):
    out = tmp_path / "x.png"
    assert main(["render", *arguments, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err and "Traceback" not in err
    assert not out.exists()


def test_a_wrong_suffix_and_svg_with_a_scale(capsys, tmp_path):
    assert main(["render", "--out", str(tmp_path / "x.jpg")]) == 2
    assert "must end in .png or .svg" in capsys.readouterr().err
    assert main(["render", "--scale", "2", "--out", str(tmp_path / "x.svg")]) == 2
    assert "--scale and --width are for PNG" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_headless_with_no_display_at_all(tmp_path, run_headless):
    out = tmp_path / "scorer.png"
    done = run_headless("render", "--lesson", "window", "--phase", "backward", "--step", "4",
                        "--size", "1280x720", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout.strip() == str(out)
    from PIL import Image

    with Image.open(out) as picture:
        assert picture.size == (1280, 720)
        assert len(picture.convert("RGB").getcolors(1 << 16) or range(1 << 16)) > 50


def test_an_unwritable_out_is_one_line_and_nothing_is_left(tmp_path):
    out = tmp_path / "missing" / "x.png"
    done = subprocess.run(
        [sys.executable, "-m", "bpviz", "render", "--lesson", "expression", "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "cannot be written" in done.stderr
    assert not out.parent.exists()
