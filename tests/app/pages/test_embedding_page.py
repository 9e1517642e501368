"""The word-vector lab saved and opened through the window: File → Save session writes the
lab, opening it in another window shows it bit for bit and it trains on alike; a damaged
file is refused and the lab on show stays as it was."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bpviz.data.corpus import SHIPPED_CORPUS
from bpviz.labs.embedding import PANELS


@pytest.fixture
def dialogs(monkeypatch):
    chosen = {"save": "", "open": "", "warnings": []}
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (chosen["save"], ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (chosen["open"], ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: chosen["warnings"].append(box.text()))
    return chosen


@pytest.fixture
def window(open_window, tmp_path):
    window = open_window(None, settings=tmp_path / "first.ini")
    window.choose_lesson("word-vector-lab")
    return window


def model_of(window):
    return window.built_pages["embedding"].lab.model


def arrays(model) -> dict:
    return {(panel, name): array.copy() for panel in PANELS
            for name, array in model.session.panels[panel].arrays().items()}


def assert_same_arrays(one: dict, other: dict) -> None:
    assert one.keys() == other.keys()
    for key in one:
        assert np.array_equal(one[key], other[key]), key


def test_save_then_open_shows_the_lab_bit_for_bit_and_it_trains_on_alike(open_window, window,
                                                                         tmp_path, dialogs):
    model = model_of(window)
    for _ in range(12):
        model.step()
    model.set_word("telly")
    dialogs["save"] = str(tmp_path / "vectors")  # the suffix is added
    window.session_files.save_action.trigger()
    path = tmp_path / "vectors.bpviz"
    assert json.loads(path.read_text(encoding="utf-8"))["page"] == "embedding"
    assert not window.session_files.dirty

    other = open_window(None, settings=tmp_path / "second.ini")
    dialogs["open"] = str(path)
    other.session_files.open_action.trigger()
    assert other.lesson_entry.key == "word-vector-lab" and dialogs["warnings"] == []
    opened = model_of(other)
    assert opened.word == "telly" and opened.session.steps == 12
    assert_same_arrays(arrays(model), arrays(opened))
    lab = other.built_pages["embedding"].lab
    assert lab.steps_label.text() == "Step 12"
    for session_model in (model, opened):
        for _ in range(30):
            session_model.step()
    assert_same_arrays(arrays(model), arrays(opened))
    for panel in PANELS:
        assert np.array_equal(model.session.curve(panel).losses,
                              opened.session.curve(panel).losses)
    assert other.session_files.dirty  # trained since it was opened


def test_the_corpus_may_stay_in_its_own_file(open_window, window, tmp_path, dialogs):
    own = tmp_path / "corpora" / "mine.txt"  # a user's own corpus is linked; bpviz's is named
    own.parent.mkdir()
    own.write_bytes(SHIPPED_CORPUS.read_bytes())
    assert model_of(window).open_corpus(own)
    window.session_files.data_beside_action.setChecked(True)
    model_of(window).step()
    dialogs["save"] = str(tmp_path / "linked.bpviz")
    window.session_files.save_action.trigger()
    saved = json.loads((tmp_path / "linked.bpviz").read_text(encoding="utf-8"))
    assert saved["state"]["corpus"]["path"] == "corpora/mine.txt"
    other = open_window(None, settings=tmp_path / "second.ini")
    assert other.session_files.open_path(tmp_path / "linked.bpviz")
    assert model_of(other).corpus_path.resolve() == own.resolve()
    assert_same_arrays(arrays(model_of(window)), arrays(model_of(other)))


def test_a_damaged_file_is_refused_and_the_lab_stays(window, tmp_path, dialogs):
    model = model_of(window)
    for _ in range(3):
        model.step()
    dialogs["save"] = str(tmp_path / "good.bpviz")
    window.session_files.save_action.trigger()
    document = json.loads((tmp_path / "good.bpviz").read_text(encoding="utf-8"))
    document["state"]["pairs"]["position"] = 10**9
    bad = tmp_path / "bad.bpviz"
    bad.write_text(json.dumps(document), encoding="utf-8")
    model.step()
    before, session, word = arrays(model), model.session, model.word
    assert not window.session_files.open_path(bad)
    assert dialogs["warnings"] and "state.pairs.position" in dialogs["warnings"][0]
    assert model.session is session and model.word == word and session.steps == 4
    assert_same_arrays(before, arrays(model))
    assert window.session_files.path == tmp_path / "good.bpviz"


def test_the_autosave_keeps_the_lab_for_after_a_crash(open_window, window, tmp_path, dialogs):
    from bpviz.sessions import open_session

    model = model_of(window)
    model.step()
    files = window.session_files
    assert files.dirty and files.save_action.isEnabled()
    files.autosave()
    recovered = open_session(files.recovery)
    assert recovered.page == "embedding" and recovered.state.session.steps == 1
    other = open_window(None, settings=tmp_path / "second.ini")
    assert other.session_files.open_path(files.recovery, recovered=True)
    assert other.session_files.dirty and other.session_files.path is None
    assert_same_arrays(arrays(model), arrays(model_of(other)))


def test_each_maps_view_comes_back_as_it_was_grown_or_zoomed(open_window, window, qtbot,
                                                              tmp_path, dialogs):
    model = model_of(window)
    for _ in range(40):
        model.step()  # the maps' views grow as training moves the points
    qtbot.wait(50)  # drawn as a user would see it
    lab = window.built_pages["embedding"].lab
    (x0, x1, y0, y1), _ = lab.maps["glove"].frame()
    lab.maps["glove"].show_frame((x0, (x0 + x1) / 2, y0, (y0 + y1) / 2), True)  # zoomed in
    shown = {panel: word_map.frame() for panel, word_map in lab.maps.items()}
    dialogs["save"] = str(tmp_path / "framed.bpviz")
    window.session_files.save_action.trigger()

    other = open_window(None, settings=tmp_path / "second.ini")
    assert other.session_files.open_path(tmp_path / "framed.bpviz")
    opened = other.built_pages["embedding"].lab
    qtbot.wait(50)  # the opened page laid out at the window's size
    for panel, (view, zoomed) in shown.items():
        assert opened.maps[panel].plot.size() == lab.maps[panel].plot.size()
        again, zoomed_again = opened.maps[panel].frame()
        assert again == pytest.approx(view, rel=1e-9) and zoomed_again == zoomed, panel
        on_screen = [np.ravel(word_map.plot.getViewBox().viewRange())
                     for word_map in (lab.maps[panel], opened.maps[panel])]
        assert on_screen[1] == pytest.approx(on_screen[0], rel=1e-9), panel
    assert shown["glove"][1] and not shown["sgns"][1]
