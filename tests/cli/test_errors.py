"""Bad input of any kind: one line on stderr, exit code 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from bpviz import __version__
from bpviz.cli import grad_command
from bpviz.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv, message", [
    (["grad", "foo(x)", "x=1"], "unknown function 'foo' at column 1"),
    (["grad", "(x+y)*)", "x=1", "y=2"], "unmatched ')' at column 7"),
    (["trace", "", "x=1"], "empty expression"),
    (["grad", "x+y", "x=1"], "no value for variable 'y'"),
    (["grad", "x", "x=1", "w=2"], "'w' is not a variable of the expression"),
    (["grad", "x", "x"], "expected NAME=VALUE, got 'x'"),
    (["grad", "x", "=1"], "expected NAME=VALUE, got '=1'"),
    (["grad", "x", "x=one"], "the value of 'x' is not a number: 'one'"),
    (["grad", "x", "x=1", "x=2"], "'x' is given twice"),
    (["grad", "x", "x=nan"], "the value of 'x' is not finite (nan)"),
    (["grad", "x", "x=inf"], "the value of 'x' is not finite (inf)"),
    (["grad", "log(x-2)", "x=1"], "log(x-2) is not finite (nan) at column 1"),
    (["trace", "3*sqrt(x)", "x=0"], "the gradient through sqrt(x) is not finite (inf) at column 3"),
    (["grad", "__import__('os').system('true')"], "can be called at column 1"),
    (["grad", "+".join(["x"] * 20000), "x=1"], "too deeply nested"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["grad", "x", "x=1", "--jsn"], "unrecognized arguments: --jsn"),
    (["grad"], "the following arguments are required: EXPR"),
    (["--colour"], "the following arguments are required: COMMAND"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_code_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("bpviz: error: ")
    assert message in err


def test_an_unexpected_exception_is_one_line_and_exit_code_1(capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(grad_command, "run", broken)
    code, out, err = run(capsys, "grad", "x", "x=1")
    assert (code, out, err) == (1, "", "bpviz: internal error: RuntimeError: boom second line\n")


def test_help_still_works(capsys):
    code, out, err = run(capsys, "grad", "--help")
    assert (code, err) == (0, "")
    assert out.startswith("usage: bpviz grad") and "NAME=VALUE" in out


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"bpviz {__version__}\n")


def test_no_arguments_start_the_desktop_app(monkeypatch):
    calls = []
    fake = types.ModuleType("bpviz.app.launch")
    fake.run_app = lambda argv=None: calls.append(argv) or 7
    monkeypatch.setitem(sys.modules, "bpviz.app.launch", fake)
    assert main([]) == 7
    assert calls == [[]]


def test_a_missing_desktop_app_is_one_line(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "bpviz.app.launch", None)  # makes the import fail
    code, out, err = run(capsys)
    assert (code, out) == (1, "")
    assert err.startswith("bpviz: error: the desktop app cannot start") and err.count("\n") == 1


# ---------------------------------------------------------------- real processes

def bpviz(*argv: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "bpviz", *argv]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=REPO, timeout=60)


@pytest.mark.parametrize("argv, message", [
    (["grad", "foo(x)", "x=1"], "bpviz: error: unknown function 'foo' at column 1\n"),
    (["grad", "-x*y", "x=1"], "bpviz: error: no value for variable 'y'\n"),
    (["nope"], "bpviz: error: argument COMMAND: invalid choice: 'nope' "
               "(choose from 'grad', 'trace', 'ledger', 'practice', 'gradcheck', 'train', "
               "'bench', 'pitfall', 'render', 'animate')\n"),
])
def test_python_m_bpviz_fails_with_exit_code_2_and_one_line(argv, message):
    result = bpviz(*argv)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_python_m_bpviz_succeeds():
    result = bpviz("grad", "(x+y)*max(y,z)", "x=1", "y=2", "z=0", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ('{"expr": "(x+y)*max(y,z)", "value": 6.0, '
                             '"grad": {"x": 2.0, "y": 5.0, "z": 0.0}}\n')


def test_subcommands_never_import_qt():
    script = ("import sys\nfrom bpviz.cli.main import main\n"
              "code = main(['trace', 'x*y', 'x=1', 'y=2', '--json'])\n"
              "assert code == 0, code\n"
              "assert not [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]\n"
              "assert 'bpviz.app' not in sys.modules\n")
    result = bpviz(code=script)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_reader_that_stops_early_is_not_an_error():
    import subprocess
    import sys

    # Far more JSON than a pipe buffers (64 KiB), so the writer meets the closed pipe.
    command = f"{sys.executable} -m bpviz trace --model window --hidden 64 --d 40 --json | head -c 9"
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], capture_output=True,
                            text=True, timeout=60)
    assert result.stderr == "" and result.returncode == 0
    assert result.stdout == '{"model":'


def test_without_a_display_the_app_says_so_in_one_line(run_headless):
    result = run_headless(timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("bpviz: error: no display") and result.stderr.count("\n") == 1


def test_a_full_disk_is_a_clear_error():
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("this system has no /dev/full")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "bpviz", "grad", "x", "x=1"], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == "bpviz: error: No space left on device\n"


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch):
    from bpviz.cli import grad_command
    from bpviz.cli.main import main

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(grad_command, "run", interrupted)
    assert main(["grad", "x", "x=1"]) == 130
    assert capsys.readouterr().err == "bpviz: interrupted\n"


def test_unicode_lookalike_names_are_the_same_variable(capsys):
    from bpviz.cli.main import main

    assert main(["grad", "ｘ*y", "x=3", "y=2"]) == 0
    assert "∂f/∂x = 2" in capsys.readouterr().out
