"""A one-minute classroom session through the real widgets: every stage lesson stepped,
played and updated, the lab on data sets, activations and optimisers at learning rates
that diverge and that crawl, points drawn, a CSV opened. The window must live through it
with nothing on stderr and memory flat. (`benchmarks/classroom_session.py --minutes 20`
runs the long one.)"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def classroom_module():
    spec = importlib.util.spec_from_file_location(
        "classroom_session", ROOT / "benchmarks" / "classroom_session.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_a_one_minute_class_leaves_the_window_alive_and_stderr_clean(open_window, tmp_path,
                                                                    capfd):
    classroom = classroom_module()
    window = open_window((1280, 720))
    summary = classroom.run_session(window, 60.0, np.random.default_rng(0), tmp_path)
    assert summary.alive and window.isVisible()
    assert summary.lessons >= 3 and summary.lab_runs >= 8
    assert summary.growth_mb < 25.0, summary.line(60.0)
    _, err = capfd.readouterr()
    assert "Traceback" not in err and "Error" not in err.replace("propagateSizeHints", "")
    # Still usable afterwards: the stage steps on a key press.
    window.choose_lesson("expression")
    before = window.model.index
    window.transport.step_action.trigger()
    assert window.model.index == before + 1
