"""The lab's data column and its error dialogs show file names, headers and class names
as text: tags in them are shown, never rendered (no image loads, nothing is restyled)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument, Qt
from PySide6.QtWidgets import QMessageBox

HEADER = "<img src=x><b>bold</b>"
FILE_NAME = "<span style='font-size:40pt;color:red'>big.csv"
CLASS = "<i>cat</i>"


def as_qt_shows(tooltip: str) -> str:
    """The text a tooltip shows: Qt reads it as HTML when it might be rich text."""
    if not Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


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


def test_a_file_name_and_header_with_tags_are_shown_as_text(lab, model, tmp_path, dialogs):
    # Features beyond ±10: the tooltip names the header's columns in its formula.
    path = hostile_file(tmp_path, [f"{50 * k},{k % 3},{CLASS if k % 2 else 'dog'}"
                                   for k in range(20)])
    assert model.open_data(path)
    assert dialogs == []
    label = lab.data_controls.source_label
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text().startswith(f"Training on {FILE_NAME}: 20 points, 2 classes")
    assert f"{HEADER}′ = ({HEADER} − " in as_qt_shows(label.toolTip())
    cat = lab.data_controls.class_buttons[model.dataset.class_names.index(CLASS)]
    assert as_qt_shows(cat.toolTip()) == f"Draw points of class {CLASS!r}"


def test_a_bad_file_is_reported_in_a_plain_text_dialog(lab, model, tmp_path, dialogs):
    path = hostile_file(tmp_path, ["1,2,a", f"<b>{HEADER}</b>,2,a"])
    data = model.dataset
    assert not model.open_data(path)
    (box,) = dialogs
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert FILE_NAME in box.text() and "line 3" in box.text() and "<b><img src=x>" in box.text()
    assert model.dataset is data
