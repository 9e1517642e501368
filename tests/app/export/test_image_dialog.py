"""File → Export image (Ctrl+E): the dialog offers the window, the page and the page's views,
writes the chosen one, and names a file it cannot write while keeping every choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from bpviz.app.export.image_dialog import ExportImageDialog
from bpviz.app.export.views import window_views
from bpviz.app.main_window import MainWindow


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window((1280, 720))
    return window


def dialog_for(window, tmp_path: Path) -> ExportImageDialog:
    return ExportImageDialog(window_views(window, window.current_page), str(tmp_path), window)


def test_ctrl_e_is_in_the_file_menu(window):
    assert window.export_image_action.shortcut() == QKeySequence("Ctrl+E")
    assert window.export_image_action in window.file_menu.actions()


def test_the_stage_offers_its_views(window, tmp_path: Path):
    keys = [view.key for view in window_views(window, window.current_page)]
    assert keys[:3] == ["window", "page", "circuit"]
    assert {"neuron", "ledger", "inspector"} <= set(keys)
    window.choose_lesson("expression")  # no neurons: no neuron view to take
    assert "neuron" not in [view.key for view in window_views(window, window.current_page)]


def test_the_chosen_view_at_2x(window, tmp_path: Path):
    dialog = dialog_for(window, tmp_path)
    dialog.set_choice("circuit", ".png", size=1)
    dialog.path_field.setText(str(tmp_path / "circuit.png"))
    assert dialog.export()
    image = QImage(str(tmp_path / "circuit.png"))
    assert image.size() == window.circuit_view.size() * 2


def test_svg_changes_the_names_suffix(window, tmp_path: Path):
    dialog = dialog_for(window, tmp_path)
    dialog.set_choice("ledger", ".svg")
    assert dialog.path_field.text().endswith(".svg") and not dialog.size_box.isEnabled()
    assert dialog.export()
    assert dialog.written.read_text(encoding="utf-8").startswith("<?xml")


def test_an_unwritable_file_is_named_in_the_dialog_and_nothing_is_lost(window, tmp_path: Path):
    dialog = dialog_for(window, tmp_path)
    dialog.set_choice("page", ".png", size=2, width=640)
    bad = tmp_path / "missing" / "page.png"
    dialog.path_field.setText(str(bad))
    assert not dialog.export()
    assert "missing" in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert dialog.view.key == "page" and dialog.width_box.value() == 640
    assert not dialog.result() and not bad.parent.exists()
    dialog.path_field.setText(str(tmp_path / "page"))  # no suffix: the format's is added
    assert dialog.export()
    assert QImage(str(tmp_path / "page.png")).width() == 640


def test_a_name_of_the_other_format_is_refused(window, tmp_path: Path):
    dialog = dialog_for(window, tmp_path)
    dialog.path_field.setText(str(tmp_path / "x.svg"))
    dialog.set_choice("window", ".png")
    dialog.path_field.setText(str(tmp_path / "x.svg"))
    assert not dialog.export() and "ends in .png" in dialog.error_label.text()


@pytest.mark.parametrize("key, views", [
    ("boundary-lab", {"page", "softmax", "mlp", "inside"}),
    ("word-vector-lab", {"page", "sgns", "glove", "simple-glove", "curves", "neighbours"}),
    ("pitfall", {"page", "fine-tune", "freeze", "large"}),
])
def test_every_lab_declares_its_views(window, key, views, tmp_path: Path):
    window.choose_lesson(key)
    declared = {view.key for view in window.current_page.export_views()}
    assert views <= declared


def test_a_view_behind_another_tab_comes_to_the_front(window, tmp_path: Path):
    window.controls_dock.raise_()
    dialog = dialog_for(window, tmp_path)
    dialog.set_choice("inspector", ".png")
    dialog.path_field.setText(str(tmp_path / "inspector.png"))
    assert dialog.export()
    assert window.inspector.isVisible()
    assert QImage(str(tmp_path / "inspector.png")).size() == window.inspector.size()


def test_in_the_dark_theme_the_error_note_takes_the_themes_error_colour(window, tmp_path):
    from bpviz.app.palette import error_colour

    dark = next(action for action in window.theme_actions.actions() if "Dark" in action.text())
    dark.trigger()
    dialog = dialog_for(window, tmp_path)
    dialog.path_field.setText(str(tmp_path / "x.svg"))  # PNG chosen, an SVG name typed
    assert not dialog.export()
    assert error_colour(dialog.palette()).name() in dialog.error_label.styleSheet()
    assert "#c0392b" not in dialog.error_label.styleSheet()


def test_a_bad_folder_is_said_before_anything_is_drawn_and_the_note_shows_whole(
        window, tmp_path: Path, monkeypatch):
    from bpviz.app.export import picture

    def no_drawing(*args, **kwargs):
        raise AssertionError("drew the picture before checking where it goes")
    monkeypatch.setattr(picture, "picture_image", no_drawing)
    dialog = dialog_for(window, tmp_path)
    dialog.show()
    dialog.set_choice("circuit", ".png", size=2, width=9999)
    dialog.path_field.setText("/proc/nope/a-rather-long-file-name-for-the-note.png")
    assert not dialog.export()
    label = dialog.error_label
    assert "cannot be written" in label.text()
    QApplication.processEvents()
    assert label.height() >= label.heightForWidth(label.width())  # every line of it shows
    button_top = dialog.export_button.mapTo(dialog, dialog.export_button.rect().topLeft()).y()
    assert label.geometry().bottom() < button_top
    assert label.geometry().bottom() <= dialog.height()


def test_one_width_limit_for_the_window_and_the_command_line(window, tmp_path: Path, capsys):
    from bpviz.data.picture_limits import MAX_FRAME_SIDE, MAX_SIDE
    from bpviz.app.export.animation_dialog import ExportAnimationDialog
    from bpviz.cli.main import main

    assert dialog_for(window, tmp_path).width_box.maximum() == MAX_SIDE
    page = window.current_page
    animation = ExportAnimationDialog(page, window_views(window, page), str(tmp_path), window)
    assert animation.width_box.maximum() == MAX_FRAME_SIDE
    for command, limit in (("render", MAX_SIDE), ("animate", MAX_FRAME_SIDE)):
        out = tmp_path / ("x.png" if command == "render" else "x.gif")
        assert main([command, "--width", str(limit + 1), "--out", str(out)]) == 2
        assert f"from 16 to {limit:,}" in capsys.readouterr().err
