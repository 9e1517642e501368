"""Rows with an absolute target and no fused reference (the app's): judged on their own
time, with their extras (a memory soak) in the row. Targets far out of reach either way,
so that no verdict depends on the machine's speed."""

import re

import pytest

from bpviz.bench.memory import Soak, memory_extra, rss_mb, soak
from bpviz.bench.report import report_lines
from bpviz.bench.run import Settings, measure, run_bench
from bpviz.bench.timing import Timing, duration, self_timed
from bpviz.bench.workload import ENGINE, Extra, Prepared, Target, Workload

SETTINGS = Settings.choose(quick=True, repeats=2)


def workload(seconds, unit="step", **prepared):
    def prepare():
        return Prepared({ENGINE: lambda: sum(range(100))}, bound="it does a sum", **prepared)
    return Workload("X", "a sum", Target(seconds=seconds, text="fast"), prepare, unit=unit)


def test_a_row_without_a_reference_has_no_fused_numbers():
    row = measure(workload(1e3), SETTINGS)
    assert row["status"] == "met" and row["missed_by"] == "" and row["why"] == ""
    assert row["fused"] is None and row["gradients"] is None and row["ratio_to_fused"] is None
    assert row["bpviz"]["median_us"] > 0 and row["per_second"] > 0 and row["extras"] == {}


def test_a_missed_absolute_target_says_by_how_much_and_why():
    row = measure(workload(1e-12), SETTINGS)
    assert row["status"] == "missed" and "over" in row["missed_by"]
    assert row["why"] == "it does a sum"
    frame = measure(workload(1e-12, unit="frame"), SETTINGS)
    assert "frames/s against" in frame["missed_by"] and "short" in frame["missed_by"]


def test_units_per_call_rounds_and_extras_shape_the_row():
    seen = []

    def extras(settings):
        seen.append(settings)
        return {"memory": Extra({"growth_mb": 30.0}, "grew", missed="grew 30 MB", why="a leak")}
    row = measure(workload(1e3, units_per_call=4, rounds=(5, 1), extras=extras), SETTINGS)
    assert seen == [SETTINGS]
    assert row["bpviz"]["repeats"] == 1  # min(repeats, quick rounds)
    assert row["extras"]["memory"] == {"growth_mb": 30.0, "text": "grew", "missed": "grew 30 MB"}
    assert row["status"] == "missed" and row["missed_by"] == "memory: grew 30 MB"
    assert row["why"] == "a leak"


def test_self_timed_contenders_report_their_own_seconds():
    values = iter([9.0, 1.0, 3.0, 2.0])  # the first is the warm-up, never counted
    timings = self_timed({ENGINE: lambda: next(values)}, repeats=3)
    assert timings[ENGINE] == Timing(2.0, 1.0, 3.0, 3)
    assert timings[ENGINE].per(2) == Timing(1.0, 0.5, 1.5, 3)
    row = measure(workload(1e3, self_timed=True, rounds=(1, 1)), SETTINGS)
    assert row["bpviz"]["median_us"] == pytest.approx(4950e6)  # sum(range(100)) "seconds"


def test_the_text_report_shows_dashes_and_the_extras_line():
    def extras(settings):
        return {"memory": Extra({}, "flat enough")}
    report = {"bpviz": "0", **run_bench([workload(1e3, unit="frame", extras=extras)], SETTINGS)}
    lines = report_lines(report)
    cells = re.split(r"\s{2,}", lines[2])  # columns are at least two spaces apart
    assert cells[0] == "X" and cells[2] == "frame" and cells[4:7] == ["-", "-", "-"] \
        and cells[8] == "-"
    assert any(line.startswith("X: ") and "frames/s" in line for line in lines)
    assert "X memory: flat enough" in lines


def test_a_soak_samples_memory_along_the_run():
    assert rss_mb() > 0
    result = soak(lambda: None, calls=10, units_per_call=3, samples=5)
    assert result.units == 30 and len(result.samples_mb) == 6
    flat = memory_extra(Soak(30, 1.0, (100.0, 101.0, 101.5)), "30 frames", flat_mb=5)
    assert flat.fields["flat"] and flat.missed == "" and "+1.5 MB" in flat.text
    grown = memory_extra(Soak(30, 1.0, (100.0, 110.0, 130.0)), "30 frames", flat_mb=5)
    assert not grown.fields["flat"] and "30.0 MB" in grown.missed and grown.why


def test_durations_read_well():
    assert [duration(s) for s in (6.9e-6, 0.01952, 1.5)] == ["6.9 µs", "19.52 ms", "1.50 s"]
