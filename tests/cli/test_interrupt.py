"""Ctrl-C at any moment of `bpviz`'s start: exit code 130 and one line, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bpviz.cli import interrupt

REPO = Path(__file__).resolve().parents[2]


def _ctrl_c_as_in_a_terminal() -> None:
    # A test runner in the background may have SIGINT ignored; a terminal's process has not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_after(marker: str, *argv: str) -> tuple[int, list[str], str]:
    """Start `python -m bpviz ARGV`, press Ctrl-C as soon as it has imported `marker`."""
    child = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "bpviz", *argv], cwd=REPO, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_ctrl_c_as_in_a_terminal,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        for line in child.stderr:
            if line.startswith("import time:") and line.split("|")[-1].strip() == marker:
                child.send_signal(signal.SIGINT)
                break
        else:
            pytest.fail(f"{marker} was never imported")
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
        child.wait()
    said = [line for line in err.splitlines() if not line.startswith("import time:")]
    return child.returncode, said, out


# From NumPy (about 0.05 s in) to the subcommands (0.2 s) and then main() itself.
@pytest.mark.parametrize("marker", ["numpy", "bpviz.engine", "bpviz.cli.train_command",
                                    "bpviz.cli.main"])
def test_ctrl_c_while_starting_is_one_line_and_exit_code_130(marker):
    code, said, out = interrupt_after(marker, "train", "--epochs", "100000")
    assert (code, said, out) == (130, ["bpviz: interrupted"], "")


def test_the_handler_is_only_for_the_bpviz_program(monkeypatch):
    before = signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(sys, "argv", ["/usr/bin/pytest"])
    interrupt.quit_on_ctrl_c()
    assert signal.getsignal(signal.SIGINT) is before


def test_main_hands_ctrl_c_back_to_python(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/bpviz"])
    monkeypatch.setattr(signal, "getsignal", lambda number: signal.default_int_handler)
    installed = []
    monkeypatch.setattr(signal, "signal", lambda number, handler: installed.append(handler))
    interrupt.quit_on_ctrl_c()
    assert installed == [interrupt._exit_interrupted]
    monkeypatch.setattr(signal, "getsignal", lambda number: interrupt._exit_interrupted)
    interrupt.raise_keyboard_interrupt()
    assert installed[-1] is signal.default_int_handler


def test_a_ctrl_c_the_shell_ignores_stays_ignored(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["bpviz"])
    monkeypatch.setattr(signal, "getsignal", lambda number: signal.SIG_IGN)
    monkeypatch.setattr(signal, "signal", lambda *args: pytest.fail("changed the handler"))
    interrupt.quit_on_ctrl_c()
