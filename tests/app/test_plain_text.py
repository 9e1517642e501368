"""User text shown as text: labels, tooltips, buttons and warnings never read it as HTML."""

from __future__ import annotations

import pytest
from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from bpviz.app.plain_text import button_text, plain, plain_tooltip, show_warning

HOSTILE = ["<img src=x><b>bold</b>", "<span style='font-size:40pt'>big.csv",
           "a &amp; b", "<!-- hidden -->", "  two\nlines <i>x</i>  "]


def test_a_plain_label_shows_tags_literally(qtbot):
    label = plain(QLabel())
    qtbot.addWidget(label)
    label.setText(HOSTILE[0])
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<img src=x><b>bold</b>"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_tooltip_shows_user_text_literally(qapp, qt_shows, text):
    assert qt_shows(plain_tooltip(text)) == text


def test_ordinary_tooltips_are_left_as_they_are():
    for text in ("W[3, 17] = 0.5\n(colour scale ±1)", "Draw points of class 'cat'", ""):
        assert plain_tooltip(text) == text


def test_an_ampersand_on_a_button_is_shown_not_a_mnemonic():
    assert button_text("R&D") == "R&&D"


def test_a_warning_shows_its_message_as_plain_text(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box))
    show_warning(None, "Lab", "bad.csv, line 2: <img src=x> is not a number")
    (box,) = shown
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == "bad.csv, line 2: <img src=x> is not a number"
    assert box.icon() == QMessageBox.Icon.Warning and box.windowTitle() == "Lab"
