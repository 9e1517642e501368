"""The lab's data column and its error dialogs show file names, headers and class names
as text: tags in them are shown, never rendered (no image loads, nothing is restyled).
Each data set brings its own settings, your own data hides them, and each class chip
names its class."""

from __future__ import annotations

import pytest
from PySide6.QtGui import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bpviz.data.generators import DEFAULTS

HEADER = "<img src=x><b>bold</b>"
FILE_NAME = "<span style='font-size:40pt;color:red'>big.csv"
CLASS = "<i>cat</i>"


@pytest.fixture
def dialogs(monkeypatch) -> list[QMessageBox]:
    """Every message box the lab opens, caught instead of blocking the test."""
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *args: shown.append(QMessageBox(
                            QMessageBox.Icon.Warning, title, text)))
    return shown


def hostile_file(folder, rows: list[str]) -> str:
    path = folder / FILE_NAME
    path.write_text(f'"{HEADER}",x2,label\n' + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def test_a_file_name_and_header_with_tags_are_shown_as_text(lab, qt_shows, model, tmp_path, dialogs):
    # Features beyond ±10: the tooltip names the header's columns in its formula.
    path = hostile_file(tmp_path, [f"{50 * k},{k % 3},{CLASS if k % 2 else 'dog'}"
                                   for k in range(20)])
    assert model.open_data(path)
    assert dialogs == []
    label = lab.data_controls.source_label
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text().startswith(f"Training on {FILE_NAME}: 20 points, 2 classes")
    assert f"{HEADER}′ = ({HEADER} − " in qt_shows(label.toolTip())
    cat = lab.data_controls.class_buttons[model.dataset.class_names.index(CLASS)]
    assert qt_shows(cat.toolTip()) == f"Draw points of class {CLASS!r}"


def test_a_bad_file_is_reported_in_a_plain_text_dialog(lab, model, tmp_path, dialogs):
    path = hostile_file(tmp_path, ["1,2,a", f"<b>{HEADER}</b>,2,a"])
    data = model.dataset
    assert not model.open_data(path)
    (box,) = dialogs
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert FILE_NAME in box.text() and "line 3" in box.text() and "<b><img src=x>" in box.text()
    assert model.dataset is data


# ----------------------------------------------------------------- the generator and the chips

def test_points_follow_each_data_sets_own_default(qtbot, lab, model):
    controls = lab.data_controls
    for kind in ("xor", "spiral", "moons", "gauss", "circles"):
        qtbot.mouseClick(controls.kind_picker.buttons[kind], Qt.MouseButton.LeftButton)
        assert controls.points_box.value() == DEFAULTS[kind].n_points, kind
        assert len(model.dataset) == DEFAULTS[kind].n_points, kind


def open_csv(qtbot, lab, model, path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    lab.open_action.trigger()
    qtbot.waitUntil(lambda: not model.loading_file, timeout=10_000)


def test_a_loaded_file_hides_the_generators_settings_until_a_data_set_is_picked(
        qtbot, lab, model, tmp_path, monkeypatch, save_screenshot):
    controls = lab.data_controls
    generator = (controls.classes_box, controls.points_box, controls.noise_box,
                 controls.regenerate_button)
    assert all(widget.isVisible() for widget in generator)
    path = tmp_path / "pets.csv"
    path.write_text("x1,x2,label\n" + "\n".join(
        f"{k / 10},{(k * 7 % 10) / 10},{('cat', 'dog', 'hamster of doom')[k % 3]}"
        for k in range(30)) + "\n")
    open_csv(qtbot, lab, model, path, monkeypatch)
    assert model.source == "pets.csv" and len(model.dataset) == 30
    assert not any(widget.isVisible() for widget in generator)
    assert controls.fraction_slider.isVisible()  # the split applies to any data
    before = model.dataset
    qtbot.keyClick(lab, Qt.Key.Key_G)  # nothing to regenerate: the file stays
    assert model.dataset is before
    save_screenshot(controls, "lab_data_controls_csv")
    qtbot.mouseClick(controls.kind_picker.buttons["moons"], Qt.MouseButton.LeftButton)
    assert model.source == "moons" and all(widget.isVisible() for widget in generator)


def test_class_chips_name_their_class_and_stay_in_the_column(qtbot, lab, model, tmp_path,
                                                             monkeypatch, save_screenshot):
    names = ("cat", "dog", "hamster of doom", "a very long class name indeed", "ox")
    path = tmp_path / "animals.csv"
    path.write_text("x1,x2,label\n" + "\n".join(
        f"{k / 10},{(k * 3 % 10) / 10},{names[k % 5]}" for k in range(40)) + "\n")
    open_csv(qtbot, lab, model, path, monkeypatch)
    controls = lab.data_controls
    chips = [chip for chip in controls.class_buttons if not chip.isHidden()]
    assert [chip.text() for chip in chips][:3] == ["cat", "dog", "hamster of doom"]
    long_chip = chips[names.index("a very long class name indeed")]
    assert long_chip.text().endswith("…") and "a very long class name indeed" in \
        long_chip.toolTip()
    area = controls.chips.rect()
    for index, chip in enumerate(chips):
        assert area.contains(chip.geometry()), chip.text()
        assert chip.fontMetrics().horizontalAdvance(chip.text()) < chip.width()
        for other in chips[index + 1:]:
            assert not chip.geometry().intersects(other.geometry())
    qtbot.mouseClick(chips[2], Qt.MouseButton.LeftButton)
    assert controls.draw_class == 2
    save_screenshot(controls, "lab_class_chips")
