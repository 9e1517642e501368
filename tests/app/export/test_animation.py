"""Animations: a GIF of the window scorer's pass has one frame per step plus the start (and
one after the update); an MP4 when imageio-ffmpeg is there; grabbing runs in chunks so the
window stays responsive; a Cancel, mid-grab or mid-encoding, leaves no file at all."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QSettings, QTimer

from bpviz.app.export import encode as encoding
from bpviz.app.card_layout import card_layout
from bpviz.app.export.animation import AnimationExport, grab_all
from bpviz.app.export.animation_dialog import ExportAnimationDialog
from bpviz.app.export.encode import Cancelled, ExportError, encode, mp4_available
from bpviz.app.export.frames import lab_plan, pass_plan
from bpviz.app.export.views import window_views
from bpviz.app.main_window import MainWindow

needs_mp4 = pytest.mark.skipif(not mp4_available(), reason="the video extra is not installed")


@pytest.fixture
def window(qtbot, tmp_path_factory) -> MainWindow:
    settings = tmp_path_factory.mktemp("settings") / "bpviz.ini"  # not among the outputs
    window = MainWindow(QSettings(str(settings), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def frames_of(path: Path) -> int:
    with Image.open(path) as picture:
        return picture.n_frames


def test_a_gif_of_the_scorers_pass_has_a_frame_per_step_and_the_start(window, tmp_path):
    page = window.stage_page
    page.model.seek(5)
    steps = len(page.model.trace.steps)
    frames = grab_all(pass_plan(page), window.circuit_view, width=300)
    assert len(frames) == steps + 1 and frames[0].shape[1] == 300
    assert page.model.index == 5  # back where the user was
    assert not np.array_equal(frames[0], frames[-1])
    path = encode(frames, 4, tmp_path / "pass.gif")
    assert frames_of(path) == steps + 1
    with Image.open(path) as picture:
        assert picture.info["duration"] == 250 and picture.info["loop"] == 0


def test_with_the_update_one_more_frame(window, tmp_path):
    page = window.stage_page
    steps = len(page.model.trace.steps)
    frames = grab_all(pass_plan(page, with_update=True), window.circuit_view, width=200)
    assert len(frames) == steps + 2 and page.model.stepper.cycle == 1


def test_a_step_range(window):
    plan = pass_plan(window.stage_page, 3, 7)
    assert len(plan) == 5
    with pytest.raises(ExportError, match="within 0–"):
        pass_plan(window.stage_page, 7, 3)
    with pytest.raises(ExportError, match="to the end of the backward pass"):
        pass_plan(window.stage_page, 0, 3, with_update=True)


@needs_mp4
def test_an_mp4(window, tmp_path):
    frames = grab_all(pass_plan(window.stage_page, 0, 4), window.circuit_view, width=301)
    path = encode(frames, 2, tmp_path / "pass.mp4")
    data = path.read_bytes()
    assert data[4:8] == b"ftyp" and len(data) > 1000
    assert [p.name for p in tmp_path.iterdir()] == ["pass.mp4"]  # no temporary left
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["size"] == (302, frames[0].shape[0] + frames[0].shape[0] % 2)
    assert sum(1 for _ in reader) == 5


def test_without_the_video_extra_mp4_is_refused_with_the_install_line(window, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setattr(encoding, "mp4_available", lambda: False)
    with pytest.raises(ExportError, match="pip install 'bpviz\\[video\\]'"):
        encode([np.zeros((4, 4, 3), np.uint8)], 2, tmp_path / "x.mp4")
    import bpviz.app.export.animation_dialog as dialog_module

    monkeypatch.setattr(dialog_module, "mp4_available", lambda: False)
    dialog = ExportAnimationDialog(window.stage_page, window_views(window, window.stage_page),
                                   str(tmp_path), window)
    assert not dialog.format_box.model().item(1).isEnabled()
    assert not dialog.hint.isHidden() and "imageio-ffmpeg" in dialog.hint.text()
    assert dialog.suffix == ".gif"


def test_the_dialog_exports_in_chunks_while_the_window_stays_live(window, qtbot, tmp_path):
    dialog = ExportAnimationDialog(window.stage_page, window_views(window, window.stage_page),
                                   str(tmp_path), window)
    dialog.show()
    dialog.view_box.setCurrentIndex(dialog.view_box.findData("circuit"))
    dialog.width_box.setValue(240)
    dialog.path_field.setText(str(tmp_path / "pass.gif"))
    turns = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: turns.append(1))
    ticker.start(0)
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        assert dialog.export()
        assert not dialog.export_button.isEnabled() and not dialog.progress.isHidden()
    ticker.stop()
    assert len(turns) > 3  # the event loop ran between chunks of frames
    assert dialog.written == tmp_path / "pass.gif"
    assert frames_of(dialog.written) == len(window.model.trace.steps) + 1


def test_cancel_while_grabbing_leaves_nothing(window, qtbot, tmp_path):
    page = window.stage_page
    page.model.seek(2)
    exporter = AnimationExport(pass_plan(page), window, tmp_path / "pass.gif", 4)
    exporter.progress.connect(lambda done, total: done == 3 and exporter.cancel())
    with qtbot.waitSignal(exporter.cancelled, timeout=30_000):
        exporter.start()
    assert not list(tmp_path.iterdir()) and page.model.index == 2


@pytest.mark.parametrize("suffix", [".gif", pytest.param(".mp4", marks=needs_mp4)])
def test_cancel_while_encoding_leaves_nothing(tmp_path, suffix):
    cancel = threading.Event()
    frames = [np.full((64, 64, 3), shade, np.uint8) for shade in range(0, 250, 10)]

    def progress(done: int) -> None:
        if done == 5:
            cancel.set()
    with pytest.raises(Cancelled):
        encode(frames, 10, tmp_path / f"x{suffix}", cancel, progress)
    assert not list(tmp_path.iterdir())


def test_an_unwritable_place_fails_in_the_dialog(window, qtbot, tmp_path):
    dialog = ExportAnimationDialog(window.stage_page, window_views(window, window.stage_page),
                                   str(tmp_path), window)
    dialog.width_box.setValue(200)
    dialog.to_box.setValue(2)
    dialog.path_field.setText(str(tmp_path / "missing" / "x.gif"))
    assert not dialog.export()  # said at once, before a single frame is grabbed
    assert dialog.exporter is None and not dialog.error_label.isHidden()
    assert "missing" in dialog.error_label.text() and dialog.export_button.isEnabled()
    assert not (tmp_path / "missing").exists()


def test_a_lab_animates_its_epochs(window, tmp_path):
    window.choose_lesson("boundary-lab")
    page = window.current_page
    frames = grab_all(lab_plan(page, 2), page.lab.panels["mlp"], width=200)
    assert len(frames) == 3 and page.lab.model.session.epochs_done == 2
    assert not np.array_equal(frames[0], frames[-1])


def test_in_practice_the_dialog_says_where_the_pass_is_held_and_never_cuts_it_short(window,
                                                                                    tmp_path):
    page = window.stage_page
    page.practice.set_active(True)
    held = page.model.hold(page.model.trace)
    last = len(page.model.trace.steps)
    assert held is not None and held < last
    with pytest.raises(ExportError, match=f"practice holds the pass at step {held}"):
        pass_plan(page, 0, last)  # asked for more than practice shows: said, not cut short
    assert len(pass_plan(page)) == held + 1  # by default up to where it is held
    dialog = ExportAnimationDialog(page, window_views(window, page), str(tmp_path), window)
    assert dialog.to_box.maximum() == dialog.to_box.value() == held
    assert f"held at step {held}" in dialog.practice_note.text()
    assert "practice off" in dialog.practice_note.text()
    assert not dialog.update_box.isEnabled()
    page.practice.set_active(False)
    dialog = ExportAnimationDialog(page, window_views(window, page), str(tmp_path), window)
    assert dialog.to_box.maximum() == last and not hasattr(dialog, "practice_note")


def test_the_update_frame_keeps_the_passs_layout_and_the_stage_grows_after(window):
    window.choose_lesson("expression")
    page = window.stage_page
    view = page.circuit_view

    def cards():
        return {node: (item.pos().x(), item.pos().y(), item.size())
                for node, item in view.node_items().items()}
    plan = pass_plan(page, with_update=True)
    for move in plan.moves[:-1]:
        move()
    before = cards()
    plan.moves[-1]()  # the update: the new pass's start, in the cards as they were
    assert page.model.stepper.cycle == 1 and page.model.index == 0
    assert cards() == before
    plan.restore()  # let go: the new pass's wider gradient sums get their room
    holds = [view.node_item(fact.info.id).layout.holds(card_layout(fact))
             for fact in view._facts(page.model.trace)]
    assert all(holds)
