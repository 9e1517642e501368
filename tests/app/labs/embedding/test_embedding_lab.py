"""The word-vector lab as a user drives it in the main window: chosen from the lesson
chooser, played and paused with the keys, stepped, a word picked, corpora opened (a good
one and bad ones), vectors exported, and a diverging learning rate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from bpviz.app.labs.embedding.neighbours_view import COUNT
from bpviz.app.main_window import MainWindow
from bpviz.labs.embedding import PANELS

CORPUS = ("The cat sat on the mat. The dog sat on the rug. A cat and a dog ran. "
          "The cat saw the dog. The dog saw a cat on the mat. ") * 20


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / "bpviz.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    chooser = window.lesson_chooser
    chooser.setCurrentIndex(chooser.findData("word-vector-lab"))  # as a user picks it
    return window


@pytest.fixture
def lab(window):
    return window.built_pages["embedding"].lab


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window, key, modifiers)


def test_chosen_from_the_chooser_it_shows_the_lab_and_its_keys(window, lab):
    assert window.current_page is window.built_pages["embedding"]
    assert lab.isVisible()
    assert "Word-vector lab" in window.windowTitle()
    keys = window.shortcuts_text()
    for name in ("Play", "Step", "Epoch", "Reset", "New seed", "Fit axes", "Open corpus"):
        assert name in keys
    assert "Draw points" not in keys  # the boundary lab's keys are not this page's


def test_space_plays_and_pauses_and_right_steps(window, lab, qtbot):
    model = lab.model
    press(window, Qt.Key.Key_Space)
    assert model.playing
    qtbot.waitUntil(lambda: model.session.steps > 3, timeout=5000)
    press(window, Qt.Key.Key_Space)
    assert not model.playing
    steps = model.session.steps
    qtbot.wait(50)
    assert model.session.steps == steps  # paused: nothing trains
    press(window, Qt.Key.Key_Right)
    assert model.session.steps == steps + 1
    assert lab.steps_label.text() == f"Step {steps + 1:,}"
    press(window, Qt.Key.Key_Home)
    assert model.session.steps == 0
    seed = model.session.seed
    press(window, Qt.Key.Key_N)
    assert model.session.seed == seed + 1


def test_e_runs_one_epoch_of_skip_gram_pairs(window, lab, qtbot):
    model = lab.model
    press(window, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: not model.playing, timeout=20_000)
    assert 1.0 <= model.session.epoch("sgns") < 1.2


def test_a_picked_word_shows_the_sessions_neighbours(window, lab, qtbot):
    model = lab.model
    model.step()
    word = "monday" if "monday" in model.session.vocabulary else model.session.vocabulary.words[5]
    box = lab.neighbours.word_box
    box.setEditText(word)
    box.lineEdit().returnPressed.emit()
    assert model.word == word
    for panel in PANELS:
        expected = [w for w, _ in model.session.neighbours(panel, word, COUNT)]
        assert lab.neighbours.shown(panel) == expected
    model.session.step(20)  # live: the next frame shows the new neighbours
    lab.show_training()
    assert lab.neighbours.shown("sgns") == [
        w for w, _ in model.session.neighbours("sgns", word, COUNT)]


def test_a_word_not_in_the_vocabulary_is_said_and_changes_nothing(lab):
    before = lab.model.word
    lab.neighbours.word_box.setEditText("<b>zzz</b>")
    lab.neighbours.word_box.lineEdit().returnPressed.emit()
    assert lab.model.word == before
    assert "<b>zzz</b>" in lab.notice.text and "not in the vocabulary" in lab.notice.text


def test_open_corpus_reads_the_file_on_a_thread(window, lab, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "pets.txt"
    path.write_text(CORPUS, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.built_pages["embedding"].lab.open_action.trigger()
    qtbot.waitUntil(lambda: lab.model.session.corpus.name == "pets.txt", timeout=10_000)
    assert not lab.model.loading_file
    assert set(lab.model.session.vocabulary.words) >= {"cat", "dog", "mat"}
    assert "pets.txt" in lab.corpus_label.text()
    assert lab.model.word in lab.model.session.vocabulary


@pytest.mark.parametrize("content, says", [
    (b"", "no words"), (b"\x00\x01\x02binary", "binary"), (b"\xff\xfe caf\xe9", "UTF-8"),
    (b"word word word", "one distinct word")])
def test_a_bad_corpus_is_said_in_the_window_and_the_corpus_stays(
        window, lab, qtbot, tmp_path, monkeypatch, content, says):
    path = tmp_path / "<i>bad.txt"
    path.write_bytes(content)
    before = lab.model.session
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    lab.open_action.trigger()
    qtbot.waitUntil(lambda: not lab.model.loading_file, timeout=10_000)
    assert lab.model.session is before
    assert says in lab.notice.text and "<i>bad.txt" in lab.notice.text
    assert lab.notice.label.textFormat() == Qt.TextFormat.PlainText


def test_export_writes_word2vec_text(window, lab, tmp_path, monkeypatch):
    lab.model.step()
    target = tmp_path / "vectors"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    press(window, Qt.Key.Key_E,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    lines = (tmp_path / "vectors.txt").read_text(encoding="utf-8").splitlines()
    session = lab.model.session
    vectors = session.vectors("sgns")
    assert lines[0].split() == [str(len(session.vocabulary)), str(vectors.shape[1])]
    rows = [line.split() for line in lines[1:]]
    assert [row[0] for row in rows] == list(session.vocabulary.words)
    np.testing.assert_allclose(np.array([[float(v) for v in row[1:]] for row in rows]),
                               vectors, rtol=1e-6, atol=1e-7)
    assert "vectors.txt" in lab.notice.text


def test_exported_vectors_load_back_as_the_start(lab, tmp_path, monkeypatch):
    lab.model.session.step(5)
    path = tmp_path / "start.txt"
    lab.model.export("glove", path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    lab.start_action.trigger()
    session = lab.model.session
    assert session.steps == 0
    np.testing.assert_allclose(session.vectors("sgns"), session.vectors("glove"))
    assert "start.txt" in lab.notice.text


def test_a_diverging_learning_rate_stops_and_names_the_panel(window, lab, qtbot):
    model = lab.model
    model.set_spec(replace(model.spec, sgns_lr=100.0))
    model.play()
    qtbot.waitUntil(lambda: not model.playing, timeout=20_000)
    assert "skip-gram" in lab.notice.text and "diverged" in lab.notice.text
    for panel in PANELS:
        assert np.isfinite(model.session.vectors(panel)).all()
    model.set_spec(replace(model.spec, sgns_lr=0.025))  # still usable: reset and step on
    press(window, Qt.Key.Key_Home)
    press(window, Qt.Key.Key_Right)
    assert model.session.steps == 1
    assert lab.notice.text == ""


def test_fit_axes_refits_every_panels_axes(window, lab):
    lab.model.session.step(200)
    shown = lab.model.session.variance_shown("glove")
    lab.fit_button.click()
    assert lab.model.session.variance_shown("glove") > shown
    assert f"{lab.model.session.variance_shown('glove'):.0%}" in lab.maps["glove"].variance.text()


def test_settings_reach_the_session(lab):
    lab.settings.window_box.setValue(4)
    assert lab.model.spec.window == 4
    lab.settings.dimension_box.setValue(2)
    assert lab.model.session.vectors("sgns").shape[1] == 2
    box = lab.settings.weighting_box
    box.setCurrentIndex(box.findData("flat"))
    assert lab.model.spec.weighting == "flat"


def test_a_dropped_text_file_becomes_the_corpus(lab, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "dropped.txt"
    path.write_text(CORPUS, encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    lab.dropEvent(event)
    qtbot.waitUntil(lambda: lab.model.session.corpus.name == "dropped.txt", timeout=10_000)


def test_cancel_keeps_the_corpus_and_hides_the_progress(lab, qtbot, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(CORPUS * 20, encoding="utf-8")
    before = lab.model.session
    lab.model.load_corpus_file(path)
    assert lab.progress.isVisible() and lab.cancel_button.isVisible()
    lab.cancel_button.click()
    assert not lab.model.loading_file
    assert not lab.progress.isVisible() and not lab.cancel_button.isVisible()
    qtbot.wait(300)  # whatever the worker finishes is thrown away
    assert lab.model.session is before


def test_the_command_lines_corpus_opens_the_lab_on_it(window, qtbot, tmp_path):
    from bpviz.app.launch import open_corpus

    path = tmp_path / "given.txt"
    path.write_text(CORPUS, encoding="utf-8")
    window.choose_lesson("window-scorer")
    open_corpus(window, str(path))
    assert window.current_page is window.built_pages["embedding"]
    lab = window.built_pages["embedding"].lab
    qtbot.waitUntil(lambda: lab.model.session.corpus.name == "given.txt", timeout=10_000)


def test_the_wheel_zooms_a_map_its_labels_keep_their_size_and_fit_axes_frames_it(lab, qtbot):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    lab.model.step()
    word_map = lab.maps["glove"]
    view = word_map.plot.getViewBox()
    qtbot.waitUntil(lambda: word_map.labels.drawn != [])
    width_before = np.diff(view.viewRange()[0])[0]
    sizes = word_map.labels._sizes()
    viewport = word_map.plot.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    for _ in range(3):  # the wheel turned towards the user's screen: zoom in
        QApplication.sendEvent(viewport, QWheelEvent(
            centre, viewport.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False))
    zoomed = np.diff(view.viewRange()[0])[0]
    assert zoomed < 0.8 * width_before
    np.testing.assert_array_equal(word_map.labels._sizes(), sizes)  # pixels, not data units
    lab.model.step()
    lab.show_training()
    assert np.diff(view.viewRange()[0])[0] == zoomed  # training does not undo the zoom
    lab.fit_action.trigger()
    lab.show_training()
    assert np.diff(view.viewRange()[0])[0] > zoomed  # framed again
