"""The stage forms' shared parts: Enter in a field applies, the note says "Not applied" in
the palette's error colour and shows the user's text as plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bpviz.app.palette import error_colour
from bpviz.app.settings_form import (
    FIELD_WIDTH, apply_button, form_layout, int_field, note_label, real_field, settings_column,
    show_error,
)


def test_enter_in_a_field_applies_and_the_fields_share_one_width(qtbot):
    applied: list[str] = []
    whole = int_field(1, 16, "K", lambda: applied.append("int"))
    real = real_field(0.5, 10.0, 2, "α", lambda: applied.append("real"))
    for box in (whole, real):
        qtbot.addWidget(box)
        qtbot.keyClick(box, Qt.Key.Key_Return)  # as a focused spin box gets it
    assert applied == ["int", "real"]
    assert whole.width() == real.width() == FIELD_WIDTH
    assert (whole.minimum(), whole.maximum(), real.decimals()) == (1, 16, 2)


def test_the_note_says_not_applied_in_red_and_hides_when_cleared(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    note = note_label("error")
    clicks: list[bool] = []
    settings_column(owner, form_layout(), apply_button("Rebuild", lambda: clicks.append(True)),
                    note)
    owner.show()
    show_error(note, "<b>d</b> must be at least 1")
    assert note.isVisible() and note.text() == "Not applied: <b>d</b> must be at least 1"
    assert note.textFormat() == Qt.TextFormat.PlainText
    assert error_colour(note.palette()).name() in note.styleSheet()
    show_error(note, "")
    assert not note.isVisible()
