"""`bpviz animate`: the window scorer's pass as a GIF with one frame per step plus the start,
made with no display; a bad argument is one line on stderr and exit 2, with no file."""

from __future__ import annotations

import pytest
from PIL import Image

from bpviz.cli.main import main
from bpviz.models.window_scorer import WindowConfig, WindowScorer


@pytest.mark.parametrize("arguments, said", [
    (["--lesson", "window", "--epochs", "3"], "--epochs is for the labs"),
    (["--lesson", "boundary"], "needs --epochs N"),
    (["--lesson", "boundary", "--epochs", "2", "--with-update"], "are for a lesson's pass"),
    (["--lesson", "window", "--fps", "0"], "argument --fps: expected a finite number"),
    (["--lesson", "nope"], "no lesson called 'nope'"),
], ids=lambda value: value if isinstance(value, str) else " ".join(value))
def test_a_bad_argument_is_one_line_and_exit_2(arguments, said, capsys, tmp_path):
    out = tmp_path / "x.gif"
    assert main(["animate", *arguments, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err
    assert not out.exists()


def test_a_wrong_suffix(capsys, tmp_path):
    assert main(["animate", "--out", str(tmp_path / "x.avi")]) == 2
    assert "must end in .gif or .mp4" in capsys.readouterr().err


def test_the_scorers_pass_headless_one_frame_per_step_and_the_start(tmp_path, run_headless):
    out = tmp_path / "scorer.gif"
    done = run_headless("animate", "--lesson", "window", "--view", "circuit", "--width", "320",
                        "--fps", "5", "--out", str(out), timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout.strip() == str(out)
    steps = len(WindowScorer(WindowConfig()).record().steps)
    with Image.open(out) as picture:
        assert picture.n_frames == steps + 1 and picture.size[0] == 320
        assert picture.info["duration"] == 200
    assert [p.name for p in tmp_path.iterdir()] == ["scorer.gif"]


def test_mp4_without_the_video_extra_says_how_to_install_it(capsys, tmp_path, monkeypatch):
    from bpviz.app.export import encode

    monkeypatch.setattr(encode, "mp4_available", lambda: False)
    assert main(["animate", "--lesson", "window", "--out", str(tmp_path / "x.mp4")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'bpviz[video]'" in err
    assert not list(tmp_path.iterdir())
