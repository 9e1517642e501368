"""The app's rows of `bpviz bench` (UI-boundary, UI-embedding, UI-stage, UI-start) are
really measured: frames trained and painted, steps rendered, a child process started to
its first paint, memory sampled. Tiny settings; no timings asserted (the machine is shared and noisy)."""

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bpviz.bench.ui.boundary_frames import MINIBATCHES, LabFrames, cycle_length, soak_frames
from bpviz.bench.ui.environment import headless_environment
from bpviz.bench.ui.first_paint import BYTECODE, child_environment, start_time
from bpviz.bench.ui.stage_steps import StageSteps
from bpviz.bench import registry, ui_workloads
from bpviz.bench.report import report_lines
from bpviz.cli.main import main

REPO = Path(__file__).resolve().parents[2]
UI = ["UI-boundary", "UI-embedding", "UI-stage", "UI-start"]
SOAK = 12


@pytest.fixture(scope="module")
def report():
    """One tiny JSON run of the three UI rows, shared by the tests that read it."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert main(["bench", "--json", "--quick", "--repeats", "1", "--soak", str(SOAK),
                     "--only", ",".join(UI)]) == 0
    return json.loads(out.getvalue())


def test_the_registry_takes_the_apps_rows_from_their_one_definition():
    rows = registry.ui_workloads()
    assert rows is ui_workloads.WORKLOADS
    assert [w.name for w in rows] == UI
    assert rows[0].target.seconds == pytest.approx(1 / 60)  # the lab: ≥ 60 frames/s
    assert rows[-1].target.seconds == 1.0  # the first paint within a second


def test_every_ui_row_is_measured_with_no_reference(report):
    rows = {row["name"]: row for row in report["workloads"]}
    assert list(rows) == UI
    for row in rows.values():
        assert row["status"] in ("met", "missed")
        assert row["bpviz"]["median_us"] > 0 and row["bpviz"]["repeats"] == 1
        assert row["per_second"] == pytest.approx(1e6 / row["bpviz"]["median_us"])
        assert row["fused"] is None and row["torch"] is None and row["gradients"] is None
        assert row["ratio_to_fused"] is None and row["ratio_to_torch"] is None
        assert (row["why"] != "") == (row["status"] == "missed")
        assert (row["missed_by"] != "") == (row["status"] == "missed")
        assert row["notes"]


def test_the_boundary_row_reports_its_memory_soak(report):
    row = next(row for row in report["workloads"] if row["name"] == "UI-boundary")
    memory = row["extras"]["memory"]
    assert memory["units"] == SOAK // cycle_length() * cycle_length()
    assert memory["start_mb"] > 0 and memory["end_mb"] > 0 and memory["peak_mb"] > 0
    assert memory["growth_mb"] == pytest.approx(memory["end_mb"] - memory["start_mb"])
    assert memory["flat"] == (memory["growth_mb"] <= memory["flat_limit_mb"])
    assert "frames" in memory["text"] and "MB" in memory["text"]
    endurance = row["extras"]["endurance"]
    assert endurance["first_frame_ms"] > 0 and endurance["last_frames_per_s"] > 0


def test_the_start_row_says_where_a_start_went(report):
    row = next(row for row in report["workloads"] if row["name"] == "UI-start")
    split = row["extras"]["split"]
    assert all(split[key] > 0 for key in ("imports_s", "build_s", "paint_s", "first_start_s"))


def test_the_text_report_shows_the_ui_rows_without_fused_numbers(report):
    lines = report_lines(report)
    table = {cells[0]: cells for cells in (re.split(r"\s{2,}", line)
                                           for line in lines[2:2 + len(UI)])}
    assert set(table) == set(UI)
    for cells in table.values():  # fused, ×fused, ×torch and grads: nothing to show
        assert cells[4:7] == ["-", "-", "-"] and cells[8] == "-"
    text = "\n".join(lines)
    assert "UI-boundary: " in text and "frames/s" in text
    assert "UI-boundary memory: " in text and "UI-boundary endurance: " in text
    assert "UI-start split: " in text


def test_a_lab_frame_trains_five_minibatches_and_paints_both_heatmaps():
    frames = LabFrames()
    steps, paints = frames.model.session.steps, frames.painted.paints
    frames.cycle()
    assert frames.cycle_length == cycle_length() == 6  # 30 frames/s, details 5 times a second
    assert frames.model.session.steps - steps == MINIBATCHES * frames.cycle_length
    assert frames.painted.paints - paints == 2 * frames.cycle_length  # each plot once a frame
    profile = frames.profile()
    assert profile["slowest"] >= profile["first"] > 0 and profile["slowest_cpu"] > 0
    assert profile["cpu"] > 0 and profile["paint"] > 0
    frames.close()
    assert soak_frames(quick=False) == 18_000 and soak_frames(quick=True) < 18_000


def test_a_pass_of_the_stage_renders_every_step_and_ends_at_the_start():
    steps = StageSteps()
    assert steps.steps_per_pass == len(steps.model.trace.steps) + 1
    paints = steps.painted.paints
    steps.one_pass()
    assert steps.model.index == 0
    assert steps.painted.paints > paints
    profile = steps.profile()
    assert profile["slowest"] >= profile["median"] > 0
    steps.close()


def test_a_child_process_starts_to_its_first_paint():
    start = start_time()
    assert start.total > start.imports > 0 and start.build > 0 and start.paint > 0
    assert "imports" in start.text()


def test_a_timed_start_reads_compiled_modules_as_an_installed_app_does():
    environ = child_environment({"PYTHONDONTWRITEBYTECODE": "1", "DISPLAY": ":0", "HOME": "/h"})
    assert environ == {"DISPLAY": ":0", "HOME": "/h", "QT_QPA_PLATFORM": "offscreen",
                       "PYTHONPYCACHEPREFIX": str(BYTECODE)}


def test_headless_environment_keeps_what_is_set():
    assert headless_environment({}, "/run/x") == {"QT_QPA_PLATFORM": "offscreen",
                                                 "XDG_RUNTIME_DIR": "/run/x"}
    assert headless_environment({"DISPLAY": ":0", "XDG_RUNTIME_DIR": "/r"}, "/x") == {
        "DISPLAY": ":0", "XDG_RUNTIME_DIR": "/r"}


def test_listing_the_workloads_imports_no_qt():
    code = ("import sys\nfrom bpviz.bench.registry import all_workloads\nall_workloads()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyqtgraph')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
