"""`bpviz` itself: starting the app loads none of the subcommands' modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_entry_point_loads_no_subcommand_before_the_app_starts():
    # `bpviz` with no arguments goes straight to the app: the subcommands bring the labs,
    # data sets and session files, about half a second of imports the window loads lazily.
    code = ("import json, sys\nimport bpviz.cli.main\n"
            "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    loaded = set(json.loads(result.stdout))
    unwanted = {"numpy", "bpviz.labs", "bpviz.data", "bpviz.sessions", "bpviz.engine",
                "bpviz.cli.train_command", "bpviz.cli.render_command", "PySide6"}
    assert not loaded & unwanted


def test_the_subcommands_are_all_offered(capsys):
    from bpviz.cli.main import main

    assert main(["grad", "(x+y)*max(y,z)", "x=1", "y=2", "z=0"]) == 0
    assert "∂f/∂y = 5" in capsys.readouterr().out
    parser_help = subprocess.run([sys.executable, "-m", "bpviz", "--help"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout
    for name in ("grad", "trace", "ledger", "practice", "gradcheck", "train", "bench",
                 "pitfall", "render", "animate"):
        assert f"    {name}" in parser_help
