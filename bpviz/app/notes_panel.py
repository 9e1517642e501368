"""A teacher's notes beside the ledger: the session's title and a note for each step of the
pass, shown at that step and editable in place (saved with the session file)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from bpviz.app.stage_model import StageModel

MAX_NOTE = 10_000  # characters of one note: a paragraph or two, not a handout


class TeacherNotes:
    """The session's title and its notes by step of the pass (0: the start)."""

    def __init__(self) -> None:
        self.title = ""
        self.by_step: dict[int, str] = {}

    def replace(self, title: str, notes: dict[int, str]) -> None:
        self.title, self.by_step = title, {step: text for step, text in notes.items() if text}

    def __bool__(self) -> bool:
        return bool(self.title or self.by_step)


class NotesPanel(QWidget):
    """The title field, which step the note belongs to, and the note. `edited`: the user
    changed the title or a note (the session has unsaved changes)."""

    edited = Signal()

    def __init__(self, model: StageModel, notes: TeacherNotes) -> None:
        super().__init__()
        self.model, self.notes = model, notes
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title of this lesson file")
        self.title.setMaxLength(200)
        self.where = QLabel()
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("A note for the class at this step (saved with the file)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.title, self.where, self.note):
            layout.addWidget(widget)
        self._showing = False  # while the fields are filled from the notes, not typed in
        self.title.textEdited.connect(self._title_edited)
        self.note.textChanged.connect(self._note_edited)
        model.position_changed.connect(self.refresh)
        model.lesson_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the title and the note at the step on show."""
        self._showing = True
        try:
            if self.title.text() != self.notes.title:
                self.title.setText(self.notes.title)
            step = self.model.index
            self.where.setText(f"Note at step {step}" if step else "Note at the start")
            text = self.notes.by_step.get(step, "")
            if self.note.toPlainText() != text:
                self.note.setPlainText(text)
        finally:
            self._showing = False

    def _title_edited(self, text: str) -> None:
        self.notes.title = text
        self.edited.emit()

    def _note_edited(self) -> None:
        if self._showing:
            return
        text = self.note.toPlainText()[:MAX_NOTE]
        if text:
            self.notes.by_step[self.model.index] = text
        else:
            self.notes.by_step.pop(self.model.index, None)
        self.edited.emit()
