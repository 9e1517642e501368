"""The app looks for a display before Qt does: a stale DISPLAY is one line and exit code 1,
not Qt's abort (a core dump, exit code 134, six lines)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bpviz.cli import display
from bpviz.cli.display import display_problem

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="displays are looked for on Linux")


def free_display_number() -> int:
    """An X display number nothing listens on, in either of the places X servers listen."""
    for number in range(99, 200):
        if not display._x11_answers(f":{number}"):
            return number
    pytest.skip("every display number from 99 to 199 answers")


def listening(address, family=socket.AF_UNIX) -> socket.socket:
    server = socket.socket(family, socket.SOCK_STREAM)
    server.bind(address)
    server.listen()
    return server


def test_a_stale_display_is_one_line_and_exit_code_1():
    env = {name: value for name, value in os.environ.items()
           if name not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=f":{free_display_number()}", PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "bpviz"], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=60)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"bpviz: error: no display to open the app on: nothing "
                                    f"answers at DISPLAY={env['DISPLAY']!r}")
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr


def test_no_display_at_all():
    assert display_problem({}) == ("no display to open the app on (DISPLAY and WAYLAND_DISPLAY "
                                   "are unset)")


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc", "xcb;offscreen"])
def test_a_platform_that_needs_no_display_is_trusted(platform):
    assert display_problem({"QT_QPA_PLATFORM": platform, "DISPLAY": ":12345"}) is None


def test_an_x_server_on_its_unix_socket_answers():
    number = free_display_number()
    with listening(f"\0/tmp/.X11-unix/X{number}"):  # where Linux X servers also listen
        assert display_problem({"DISPLAY": f":{number}.0"}) is None
        assert display_problem({"DISPLAY": f"unix:{number}"}) is None
    assert "nothing answers at DISPLAY=" in display_problem({"DISPLAY": f":{number}"})


def test_an_x_server_over_tcp_answers():
    with listening(("127.0.0.1", 0), socket.AF_INET) as server:
        port = server.getsockname()[1]
        if port <= 6000:
            pytest.skip("the free port is below X's 6000")
        assert display_problem({"DISPLAY": f"127.0.0.1:{port - 6000}"}) is None


def test_a_wayland_compositor_answers(tmp_path):
    env = {"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-7"}
    assert "WAYLAND_DISPLAY='wayland-7'" in display_problem(env)
    with listening(str(tmp_path / "wayland-7")):
        assert display_problem(env) is None
        # Qt told to use X only would not use it.
        assert display_problem({**env, "QT_QPA_PLATFORM": "xcb"}) is not None


@pytest.mark.parametrize("value", ["nonsense", ":x", "host:"])
def test_a_malformed_display_is_no_display(value):
    assert display_problem({"DISPLAY": value}) is not None


def test_elsewhere_there_is_always_a_display(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert display_problem({}) is None
