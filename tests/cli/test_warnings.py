"""NumPy's RuntimeWarnings never reach the terminal: stderr keeps to one line or none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def bpviz(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_a_numpy_warning_inside_a_command_is_not_printed():
    # A stand-in for any overflow NumPy warns of on the way to a checked result.
    result = bpviz("import sys, numpy as np\n"
                   "from bpviz.cli import grad_command\n"
                   "from bpviz.cli.main import main\n"
                   "grad_command.run = lambda args: int(np.float64(1e308) * 10 > 0) - 1\n"
                   "sys.exit(main(['grad', 'x', 'x=1']))\n")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_training_that_overflows_says_at_most_one_line():
    result = bpviz("import sys\nfrom bpviz.cli.main import main\n"
                   "sys.exit(main(['train', '--l2', '1e300', '--epochs', '3']))\n")
    assert "Warning" not in result.stderr
    assert result.stderr.count("\n") <= 1, result.stderr
