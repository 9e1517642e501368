"""When Qt finds no display it would abort (exit code 134, a core dump, six lines): the app
says so in one line and exits with code 1 instead, however it was started."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpviz.app.qt_start import cannot_start_line
from bpviz.cli import display

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are Linux's")
def test_python_m_bpviz_app_on_a_stale_display_is_one_line():
    number = next((n for n in range(99, 200) if not display._x11_answers(f":{n}")), None)
    if number is None:
        pytest.skip("every display number from 99 to 199 answers")
    env = {name: value for name, value in os.environ.items()
           if name not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=f":{number}", PYTHONPATH=str(REPO))
    # `python -m bpviz.app` skips the command line's own look for a display: Qt itself fails.
    result = subprocess.run([sys.executable, "-m", "bpviz.app"], capture_output=True,
                            text=True, env=env, cwd=REPO, timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"bpviz: error: the desktop app cannot open a window "
                                    f"(DISPLAY=':{number}'): Qt says: ")
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr


def test_the_line_names_qts_first_complaint(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":7\x1b[31m")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    line = cannot_start_line(["qt.qpa.xcb: could not connect to display :7."],
                             "This application failed to start.\n\nAvailable platform plugins…")
    assert line.startswith("bpviz: error: the desktop app cannot open a window (DISPLAY="
                           "':7\\x1b[31m', QT_QPA_PLATFORM='xcb'): Qt says: qt.qpa.xcb: could "
                           "not connect to display :7; to run the app without a display")
    assert "\n" not in line
