"""File → Save / Save As / Open of session files in the window, the recent files, the
question about unsaved changes, the autosave and its recovery, and a teacher's notes."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bpviz.app.main_window import MainWindow
from bpviz.sessions import read_session, stage_session, write_session
from bpviz.lessons.model_lessons import WindowScorerLesson

Button = QMessageBox.StandardButton


@pytest.fixture
def window(open_window, tmp_path) -> MainWindow:
    return open_window(None, settings=tmp_path / "first.ini")


@pytest.fixture
def dialogs(monkeypatch):
    """Chosen files for the file dialogs, answers for the questions, warnings shown."""
    chosen = {"save": "", "open": "", "answer": Button.Cancel, "warnings": [], "asked": []}
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (chosen["save"], ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (chosen["open"], ""))

    def question(parent, title, text, *args):
        chosen["asked"].append(title)
        return chosen["answer"]
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: chosen["warnings"].append(box.text()))
    return chosen


def params(window):
    return {name: value.copy() for name, value in
            window.stage_page.model.lesson.model.params.items()}


def test_the_keys_of_the_file_menu(window):
    files = window.session_files
    assert files.open_action.shortcut() == QKeySequence("Ctrl+O")
    assert files.save_action.shortcut() == QKeySequence("Ctrl+S")
    assert files.save_as_action.shortcut() == QKeySequence("Ctrl+Shift+S")
    window.choose_lesson("boundary-lab")
    assert window.lab.open_action.shortcut() == QKeySequence("Ctrl+Shift+O")
    assert window.lab.save_action.shortcut() == QKeySequence("Ctrl+Shift+D")
    assert "Ctrl+Shift+D" in window.lab.save_action.toolTip()


def test_save_then_open_restores_the_lesson_its_weights_and_step(open_window, window, tmp_path,
                                                                 dialogs):
    window.choose_lesson("window-classifier")
    window.stage_page.model.update(0.5)
    window.stage_page.model.seek(4)
    saved = params(window)
    dialogs["save"] = str(tmp_path / "lesson")  # the suffix is added
    window.session_files.save_action.trigger()
    path = tmp_path / "lesson.bpviz"
    assert read_session(path).lesson == "window-classifier"
    assert window.windowTitle().endswith("lesson.bpviz") and not window.session_files.dirty

    other = open_window(None, settings=tmp_path / "second.ini")
    dialogs["open"] = str(path)
    other.session_files.open_action.trigger()
    assert other.lesson_entry.key == "window-classifier"
    assert other.stage_page.model.index == 4
    for name, value in saved.items():
        assert np.array_equal(params(other)[name], value)
    assert other.lesson_chooser.currentData() == "window-classifier"
    assert not other.session_files.dirty and dialogs["warnings"] == []


def test_the_lab_round_trips_and_trains_on_as_before(open_window, window, tmp_path, dialogs):
    window.choose_lesson("boundary-lab")
    for _ in range(12):
        window.lab.model.step()
    dialogs["save"] = str(tmp_path / "lab.bpviz")
    window.session_files.save_as_action.trigger()
    other = open_window(None, settings=tmp_path / "second.ini")
    other.session_files.open_path(tmp_path / "lab.bpviz")
    assert other.current_page.name == "lab"
    for model in (window.lab.model, other.lab.model):
        for _ in range(7):
            model.step()
    a, b = window.lab.model.session, other.lab.model.session
    assert a.steps == b.steps == 19
    for panel in ("softmax", "mlp"):
        for name, value in a.models[panel].params.items():
            assert np.array_equal(value, b.models[panel].params[name])
    assert np.array_equal(a.curve("mlp").test_loss, b.curve("mlp").test_loss)


def test_a_damaged_file_is_refused_and_the_session_stays(window, tmp_path, dialogs):
    window.stage_page.model.update(0.5)
    before, step = params(window), window.stage_page.model.index
    path = tmp_path / "broken.bpviz"
    write_session(path, stage_session("window-scorer", WindowScorerLesson(), 2))
    path.write_text(path.read_text()[:300], encoding="utf-8")  # truncated
    dialogs["open"], dialogs["answer"] = str(path), Button.Discard  # drop the update
    window.session_files.open_action.trigger()
    assert dialogs["asked"] == ["Unsaved changes"]
    assert dialogs["warnings"] and "damaged or truncated" in dialogs["warnings"][0]
    assert str(path) in dialogs["warnings"][0]
    assert window.stage_page.model.index == step
    for name, value in before.items():
        assert np.array_equal(params(window)[name], value)
    assert window.session_files.path is None


def test_a_failed_save_is_reported_and_the_old_file_kept(window, tmp_path, dialogs,
                                                         monkeypatch):
    from bpviz.data import atomic_write

    path = tmp_path / "kept.bpviz"
    assert window.session_files.save_to(path)
    before = path.read_bytes()
    window.stage_page.model.update(0.5)

    def full(fd, data):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(atomic_write.os, "write", full)
    assert not window.session_files.save()
    assert "No space left on device" in dialogs["warnings"][0]
    assert path.read_bytes() == before and window.session_files.dirty


def test_recent_files_are_listed_and_open(open_window, window, tmp_path, dialogs):
    for name in ("a.bpviz", "b.bpviz"):
        assert window.session_files.save_to(tmp_path / name)
    menu = window.session_files.recent_menu
    assert [action.text() for action in menu.actions()] == ["&1 b.bpviz", "&2 a.bpviz"]
    other = open_window(None, settings=tmp_path / "first.ini")  # the same settings: the same list
    other.session_files.recent_menu.actions()[1].trigger()
    assert other.session_files.path == tmp_path / "a.bpviz"


def test_quitting_with_unsaved_changes_asks_first(window, dialogs):
    window.stage_page.model.step()
    dialogs["answer"] = Button.Cancel
    window.quit_action.trigger()
    assert window.isVisible() and dialogs["asked"] == ["Unsaved changes"]
    dialogs["answer"] = Button.Discard
    window.quit_action.trigger()
    assert not window.isVisible()


def test_quitting_unchanged_asks_nothing(window, dialogs):
    window.quit_action.trigger()
    assert not window.isVisible() and dialogs["asked"] == []


def test_the_autosave_is_offered_back_after_a_crash(open_window, window, tmp_path, dialogs):
    window.choose_lesson("expression")
    window.stage_page.model.update(0.1)
    values = window.stage_page.model.lesson.values
    window.session_files.autosave()  # the minute's timer
    recovery = window.session_files.recovery
    assert recovery.exists() and recovery.parent == tmp_path
    # The process dies here: no close, so the recovery file stays for the next start.
    other = open_window(None, settings=tmp_path / "first.ini")
    dialogs["answer"] = Button.Open
    other.after_start()
    assert dialogs["asked"] == ["Recover session"]
    assert other.stage_page.model.lesson.values == values
    assert other.session_files.dirty and other.session_files.path is None
    other.close()
    assert not recovery.exists()  # a proper close leaves nothing to recover


def test_a_declined_recovery_is_removed(window, tmp_path, dialogs):
    window.stage_page.model.step()
    window.session_files.autosave()
    dialogs["answer"] = Button.Discard
    assert not window.session_files.offer_recovery()
    assert not window.session_files.recovery.exists()


def test_no_activity_no_autosave(window):
    window.session_files.autosave()
    assert not window.session_files.recovery.exists()


def test_a_teachers_notes_show_at_their_step_and_are_saved(window, qtbot, tmp_path):
    lesson = WindowScorerLesson()
    path = tmp_path / "class.bpviz"
    write_session(path, stage_session("window-scorer", lesson, 3, title="Lecture 3",
                                      notes={3: "Here δ = ∂s/∂z.", 5: "<b>not bold</b>"}))
    assert window.session_files.open_path(path)
    page = window.stage_page
    assert page.notes_dock.isVisible()
    assert page.notes_panel.title.text() == "Lecture 3"
    assert page.notes_panel.note.toPlainText() == "Here δ = ∂s/∂z."
    page.model.seek(5)
    assert page.notes_panel.note.toPlainText() == "<b>not bold</b>"  # plain text, as written
    page.model.seek(1)
    assert page.notes_panel.note.toPlainText() == ""
    page.notes_panel.note.setPlainText("A new note at 1")
    assert window.session_files.dirty
    assert window.session_files.save()
    assert read_session(path).notes == {1: "A new note at 1", 3: "Here δ = ∂s/∂z.",
                                        5: "<b>not bold</b>"}
    assert read_session(path).title == "Lecture 3"


def test_the_autosave_does_not_stop_the_lab_training(window, qtbot):
    window.choose_lesson("boundary-lab")
    window.lab.model.play()
    qtbot.waitUntil(lambda: window.lab.model.session.steps > 0)
    window.session_files.autosave()
    assert window.lab.model.playing and window.session_files.recovery.exists()
    window.lab.model.pause()


def test_the_labs_data_can_be_kept_in_a_csv_beside_the_session(open_window, window, tmp_path):
    window.choose_lesson("boundary-lab")
    window.lab.model.step()
    window.session_files.data_beside_action.setChecked(True)
    assert window.session_files.save_to(tmp_path / "lab.bpviz")
    assert (tmp_path / "lab.csv").exists()
    assert read_session(tmp_path / "lab.bpviz").state["data"]["path"] == "lab.csv"
    other = open_window(None, settings=tmp_path / "first.ini")  # the choice is remembered
    assert other.session_files.data_beside_action.isChecked()
    assert other.session_files.open_path(tmp_path / "lab.bpviz")
    assert np.array_equal(other.lab.model.dataset.X, window.lab.model.dataset.X)
    assert other.lab.model.session.steps == 1


def test_a_page_without_session_files_disables_save_and_skips_the_autosave(window,
                                                                          monkeypatch):
    from bpviz.app.pages.pitfall_page import PitfallPage

    monkeypatch.setattr(PitfallPage, "can_save", False)  # every page saves: pretend one not
    window.stage_page.model.step()
    window.choose_lesson("pitfall")
    files = window.session_files
    assert not files.save_action.isEnabled() and not files.save_as_action.isEnabled()
    files.autosave()
    assert not files.recovery.exists()
    window.choose_lesson("window-scorer")
    assert files.save_action.isEnabled()
    files.autosave()
    assert files.recovery.exists()


def test_save_on_another_page_asks_for_a_file_and_keeps_the_first(window, tmp_path, dialogs):
    window.choose_lesson("pitfall")
    dialogs["save"] = str(tmp_path / "pit.bpviz")
    window.session_files.save_action.trigger()
    assert read_session(tmp_path / "pit.bpviz").lesson == "pitfall"
    assert window.windowTitle().endswith("pit.bpviz")

    window.choose_lesson("window-scorer")
    assert "pit.bpviz" not in window.windowTitle()
    assert window.windowTitle().endswith("unsaved")
    dialogs["save"] = ""  # the Save As dialog is cancelled: nothing is written
    window.session_files.save_action.trigger()
    assert read_session(tmp_path / "pit.bpviz").lesson == "pitfall"

    dialogs["save"] = str(tmp_path / "scorer.bpviz")
    window.session_files.save_action.trigger()
    assert read_session(tmp_path / "scorer.bpviz").lesson == "window-scorer"
    assert read_session(tmp_path / "pit.bpviz").lesson == "pitfall"
    assert window.windowTitle().endswith("scorer.bpviz")


def test_the_data_beside_option_is_worded_for_each_page(window):
    option = window.session_files.data_beside_action
    window.choose_lesson("boundary-lab")
    assert option.isVisible() and "CSV" in option.text() and option in window.file_menu.actions()
    window.choose_lesson("word-vector-lab")
    assert option.isVisible() and "CSV" not in option.text() and "corpus" in option.text()
    assert "corpus" in option.statusTip() and "boundary" not in option.statusTip()
    window.choose_lesson("window-scorer")
    assert not option.isVisible()
