"""The lab's notice: a message shown as plain text until dismissed or cleared."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bpviz.app.labs.boundary.notice_bar import NoticeBar
from bpviz.app.theme import DARK


def test_it_shows_plain_text_until_dismissed(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    bar = NoticeBar(window)
    window.show()
    assert bar.isHidden() and bar.text == ""  # nothing to say yet
    message = "The neural net diverged at step 9: <b>node 'f'</b> is not finite (inf)."
    bar.show_message(message)
    assert bar.isVisible() and bar.text == message
    assert bar.label.textFormat() == Qt.TextFormat.PlainText  # never read as HTML
    bar.set_theme(DARK)
    qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert bar.isHidden() and bar.text == ""
