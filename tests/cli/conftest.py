"""What the command-line tests share: bpviz run as a separate process with no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DISPLAY_KEYS = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.fixture
def run_headless():
    """run_headless(*args, timeout=120): `python -m bpviz ARGS` from the repository with no
    display at all (no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM), as on a server or CI."""
    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {key: value for key, value in os.environ.items() if key not in DISPLAY_KEYS}
        return subprocess.run([sys.executable, "-m", "bpviz", *args], capture_output=True,
                              text=True, env=env, cwd=REPO, timeout=timeout)
    return run
