"""The retraining pitfall saved and opened through the window: the same seed and step,
the runs bit for bit, training on alike; a damaged file leaves the page as it was."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bpviz.labs.pitfall import RUNS


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    return shown


def lab_of(window):
    return window.built_pages["pitfall"].lab


def assert_same_runs(one, other) -> None:
    assert one.steps == other.steps and one.seed == other.seed
    for name in RUNS:
        assert np.array_equal(one.runs[name].L, other.runs[name].L), name
        for key, value in one.runs[name].classifier.params.items():
            assert np.array_equal(value, other.runs[name].classifier.params[key]), (name, key)


def test_save_then_open_shows_the_runs_at_their_step(open_window, tmp_path, monkeypatch, warnings):
    window = open_window(None, settings=tmp_path / "first.ini")
    window.choose_lesson("pitfall")
    lab = lab_of(window)
    lab.step_action.trigger()
    lab.step_action.trigger()
    assert window.session_files.dirty
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(tmp_path / "pitfall.bpviz"), ""))
    window.session_files.save_action.trigger()
    assert json.loads((tmp_path / "pitfall.bpviz").read_text(encoding="utf-8"))["state"] == {
        "seed": 0, "steps": 20}

    other = open_window(None, settings=tmp_path / "second.ini")
    assert other.session_files.open_path(tmp_path / "pitfall.bpviz")
    assert other.lesson_entry.key == "pitfall" and warnings == []
    opened = lab_of(other)
    assert_same_runs(lab.session, opened.session)
    assert opened.progress.text() == lab.progress.text() == "step 20 of 600"
    assert opened.prediction_text("fine_tune") == lab.prediction_text("fine_tune")
    lab.step(30), opened.step(30)
    assert_same_runs(lab.session, opened.session)


def test_a_damaged_file_is_refused_and_the_page_stays(open_window, tmp_path, warnings):
    window = open_window(None, settings=tmp_path / "first.ini")
    window.choose_lesson("pitfall")
    lab = lab_of(window)
    lab.step(10)
    session = lab.session
    bad = tmp_path / "bad.bpviz"
    bad.write_text(json.dumps({"format": "bpviz session", "version": 2, "page": "pitfall",
                               "lesson": "pitfall", "state": {"seed": 0, "steps": 601}}),
                   encoding="utf-8")
    assert not window.session_files.open_path(bad)
    assert warnings and "state.steps" in warnings[0]
    assert lab.session is session and session.steps == 10
    newer = tmp_path / "newer.bpviz"
    newer.write_text(json.dumps({"format": "bpviz session", "version": 3, "page": "pitfall",
                                 "lesson": "pitfall", "state": {}}), encoding="utf-8")
    assert not window.session_files.open_path(newer)
    assert "newer bpviz" in warnings[-1] and lab.session is session
