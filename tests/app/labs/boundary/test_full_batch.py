"""A full batch on big data: the batch box refuses it with the lab's message and shows what
the lab trains with; a big file opened with a full batch chosen trains on minibatches and
the notice says so."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from bpviz.data.csv_format import save_csv
from bpviz.data.dataset import Dataset
from bpviz.labs.boundary.settings import MAX_BATCH

LIMIT = 100  # FULL_BATCH_MAX for these tests: 202 points give 101 training points


@pytest.fixture(autouse=True)
def small_limit(monkeypatch):
    monkeypatch.setattr("bpviz.labs.boundary.settings.FULL_BATCH_MAX", LIMIT)


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *args: shown.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    return shown


def big_csv(tmp_path, points: int = 2 * LIMIT + 2):
    rng = np.random.default_rng(0)
    path = tmp_path / "big.csv"
    save_csv(Dataset(rng.normal(size=(points, 2)), np.arange(points) % 2, ("a", "b"), "big"),
             path)
    return path


def test_the_batch_box_refuses_a_full_batch_on_big_data(lab, model, tmp_path, warnings):
    assert model.open_data(big_csv(tmp_path))
    bar = lab.training_bar
    assert bar.batch_box.value() == 10
    bar.batch_box.setValue(0)
    assert warnings == [f"batch size: a full batch is at most {LIMIT} training points and "
                        f"these data have {LIMIT + 1}; choose a batch of 1 to {MAX_BATCH:,}"]
    assert model.train.batch_size == 10 and bar.batch_box.value() == 10
    assert bar.batch_box.text() == "10"


def test_a_big_file_opened_with_a_full_batch_trains_on_minibatches(lab, model, tmp_path,
                                                                   warnings, run_epochs):
    lab.training_bar.batch_box.setValue(0)
    assert model.train.batch_size == 0 and not lab.notice.isVisible()
    assert model.open_data(big_csv(tmp_path))
    assert model.train.batch_size == MAX_BATCH
    assert lab.training_bar.batch_box.value() == MAX_BATCH
    assert lab.notice.isVisible()
    assert lab.notice.label.text() == (
        f"These data have {LIMIT + 1} training points: a full batch is at most {LIMIT}, so "
        f"both models now train on minibatches of {MAX_BATCH:,}.")
    run_epochs(model)
    assert model.session.steps == 1 and warnings == []


def test_a_big_file_read_on_the_worker_is_taken_as_built_there(qtbot, lab, model, tmp_path,
                                                                monkeypatch):
    # The worker's session already trains on minibatches: the window must not build it
    # again (on a million rows that would freeze it), as it does when settings changed.
    lab.training_bar.batch_box.setValue(0)
    built = []
    new_session = type(model)._new_session
    monkeypatch.setattr(type(model), "_new_session",
                        lambda self, *args: (built.append(1), new_session(self, *args))[1])
    with qtbot.waitSignal(model.load_ended, timeout=60_000):
        model.load_data(big_csv(tmp_path))
    assert built == [1] and model.train.batch_size == MAX_BATCH
    assert lab.notice.isVisible()
