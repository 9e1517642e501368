"""The practice strip under the circuit: the question, Answer, Hint and Reveal, what the last
answer got (correct, the mistake named, or the ledger line), the hints so far and the score.
Its answer field is made here but laid at the card asked about (card_answer_field). It only
shows what the PracticeController hands it."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF, QPalette
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from bpviz.app.card_answer_field import AnswerField
from bpviz.app.palette import error_colour
from bpviz.app.plain_text import plain

FEEDBACK_LINES, HINT_LINES, SCORE_LINES = 2, 1, 2  # the lines the strip keeps for each


def _reserve(label: QLabel, lines: int) -> None:
    """Give `label` the height of `lines` lines of its font, shown or empty."""
    label.setFixedHeight(math.ceil(QFontMetricsF(label.font()).lineSpacing() * lines) + 2)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


class PracticePanel(QFrame):
    """`answered(text)` on Enter or Answer; `hint_asked` and `reveal_asked` from the buttons."""

    answered = Signal(str)
    hint_asked = Signal()
    reveal_asked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.prompt_label = plain(QLabel())  # node labels are the user's words
        self.prompt_label.setObjectName("practice-prompt")
        font = self.prompt_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.field = AnswerField()  # laid over the circuit, at the card asked about
        self.field.setToolTip("A number or an expression of numbers (4/2, -3*0.5); a shape "
                              "as 8x20; signs as + - 0. Enter answers, Esc leaves the field")
        self.field.returnPressed.connect(self._submit)
        self.answer_button = self._button("Answer", "Grade the answer (Enter)", self._submit)
        self.hint_button = self._button("Hint", "Show one factor of the chain rule for it",
                                        self.hint_asked.emit)
        self.reveal_button = self._button("Reveal", "Show the gradient and move on (counts "
                                          "as revealed)", self.reveal_asked.emit)
        self.drill_button = QPushButton("Shape drill…")
        self.drill_button.setToolTip("Assemble the lesson's matrix gradients from tiles")
        self.drill_button.setAutoDefault(False)
        self.feedback_label = plain(QLabel())
        self.feedback_label.setObjectName("practice-feedback")
        self.feedback_label.setWordWrap(True)
        self.feedback_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_label = plain(QLabel())
        self.hint_label.setObjectName("practice-hints")
        self.hint_label.setWordWrap(True)
        self.score_label = plain(QLabel())
        self.score_label.setObjectName("practice-score")
        self.score_label.setWordWrap(True)
        self.score_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # Lines kept for each label whether it is empty or not: the strip keeps one height
        # while practising, so the circuit above it is not refitted (and its cards do not
        # jump) each time a verdict or a hint comes and goes. A longer text is cut; its
        # whole is the label's tooltip.
        for label, lines in ((self.feedback_label, FEEDBACK_LINES),
                             (self.hint_label, HINT_LINES), (self.score_label, SCORE_LINES)):
            _reserve(label, lines)
        self._build_layout()

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.prompt_label, 1)  # the question takes the room, wrapping if long
        for button in (self.answer_button, self.hint_button, self.reveal_button):
            row.addWidget(button)
        row.addSpacing(16)
        row.addWidget(self.drill_button)
        self.prompt_label.setWordWrap(True)  # a long name wraps rather than widen the window
        self.prompt_label.setSizePolicy(QSizePolicy.Policy.Preferred,
                                        QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.feedback_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.score_label)

    # -- what the controller shows ------------------------------------------------

    def show_question(self, prompt: str, asking: bool, hints_left: bool,
                      placeholder: str = "your answer") -> None:
        """`prompt`, with the field and buttons on while the question is `asking`."""
        self.prompt_label.setText(prompt)
        self.field.setPlaceholderText(placeholder)
        for widget in (self.field, self.answer_button, self.reveal_button):
            widget.setEnabled(asking)
        self.hint_button.setEnabled(asking and hints_left)

    def show_feedback(self, text: str, is_error: bool = False) -> None:
        """The last answer's verdict, in the error colour when it was wrong."""
        self.feedback_label.setText(text)
        colour = error_colour(self.palette()).name() if is_error else ""
        self.feedback_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.feedback_label.setToolTip(text)
        self.feedback_is_error = is_error

    def show_hints(self, hints: list[str]) -> None:
        self.hint_label.setText("hint: " + " · ".join(hints) if hints else "")
        self.hint_label.setToolTip(self.hint_label.text())

    def show_score(self, text: str, tip: str) -> None:
        self.score_label.setText(text)
        self.score_label.setToolTip(tip)

    def focus_field(self) -> None:
        """Put the keys in the answer field, its old text selected to type over."""
        if self.field.isEnabled() and self.field.isVisible():
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.field.selectAll()

    def _submit(self) -> None:
        text = self.field.text().strip()
        if text:
            self.answered.emit(text)

    feedback_is_error = False
