"""The expression editor: a formula field and a table of the variables' values.

The circuit is rebuilt a moment after the typing stops (or at once on Enter). A bad
formula is marked where it goes wrong, with a red wave under the culprit, a caret under
its column and the parser's message; the last good circuit stays on stage meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor, QFontDatabase, QKeyEvent, QPainter, QPaintEvent, QPalette, QPolygonF, QResizeEvent,
    QTextCharFormat, QTextCursor,
)
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QLabel, QPlainTextEdit, QSizePolicy, QTextEdit, QVBoxLayout, QWidget,
)

from bpviz.app.palette import error_colour
from bpviz.app.plain_text import plain
from bpviz.app.stage_model import StageModel
from bpviz.app.value_table import ValueTable
from bpviz.expression import FUNCTIONS, ExpressionError, variable_names
from bpviz.lessons.expression_lesson import (
    LECTURE_FORMULA, LECTURE_VALUES, MAX_NODES, ExpressionLesson,
)

DEBOUNCE_MS = 300  # rebuild when the typing pauses, not on every key
NEW_VALUE = 1.0    # the value of a variable that just appeared in the formula
FIELD_WIDTH = 150
NAME_WIDTH = 120   # longer variable names are shortened with … (the tooltip has them whole)


class FormulaField(QPlainTextEdit):
    """A one-line, monospaced formula field that can mark a stretch of its text as wrong."""

    submitted = Signal()  # Enter was pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabChangesFocus(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)
        self.document().setDocumentMargin(4)
        height = self.fontMetrics().lineSpacing() + 2 * (4 + self.frameWidth()) + 4
        self.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        """The formula as typed."""
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the text, leaving the cursor at its end."""
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)

    def mark(self, start: int, end: int, colour: QColor) -> None:
        """Underline characters start..end (0-based, end excluded) with a red wave."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = QTextCharFormat()
        selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        selection.format.setUnderlineColor(colour)
        tint = QColor(colour)
        tint.setAlpha(48)
        selection.format.setBackground(tint)
        self.setExtraSelections([selection])

    def clear_mark(self) -> None:
        """Remove the red wave."""
        self.setExtraSelections([])

    def marked_span(self) -> tuple[int, int] | None:
        """Where the mark is now (it moves with edits), or None."""
        selections = self.extraSelections()
        if not selections:
            return None
        cursor = selections[0].cursor
        return cursor.selectionStart(), cursor.selectionEnd()

    def position_x(self, position: int) -> float:
        """The x, in this field's coordinates, of the gap before character `position`."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, len(self.text())))
        return self.viewport().mapToParent(self.cursorRect(cursor).topLeft()).x()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()  # one line only: Enter applies, it never breaks the line
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste as one line: line breaks become spaces."""
        self.insertPlainText(" ".join(source.text().splitlines()))


class CaretStrip(QWidget):
    """A thin strip under the formula with a red caret pointing up at the wrong column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(8)
        self.caret_x: float | None = None
        self.colour = QColor("red")

    def point_at(self, x: float | None, colour: QColor) -> None:
        """Draw the caret at `x` (None: no caret)."""
        if (x, colour) != (self.caret_x, self.colour):
            self.caret_x, self.colour = x, colour
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.caret_x is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        x = self.caret_x
        painter.drawPolygon(QPolygonF([QPointF(x, 1), QPointF(x - 5, 8), QPointF(x + 5, 8)]))


class ExpressionEditor(QWidget):
    """Edits the formula of an ExpressionLesson on `model`, and the values of its variables."""

    def __init__(self, model: StageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._applied: tuple[str, dict[str, float]] | None = None
        self._error_column: int | None = None
        self._lesson: ExpressionLesson | None = None  # the lesson this editor put on stage
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.apply)
        self._build()
        lesson = model.lesson
        if isinstance(lesson, ExpressionLesson):
            self._load(lesson.circuit.text, lesson.values)
        else:
            self._load(LECTURE_FORMULA, LECTURE_VALUES)
        model.lesson_changed.connect(self._follow_lesson)
        model.position_changed.connect(self._follow_values)

    # -- public ----------------------------------------------------------------------

    @property
    def formula(self) -> str:
        """The text in the formula field (perhaps not yet applied)."""
        return self.formula_field.text()

    def set_formula(self, text: str) -> None:
        """Type `text` into the formula field (it is applied after the usual pause)."""
        self.formula_field.set_text(text)

    def values(self) -> dict[str, float]:
        """Each variable's value, in order of first appearance in the formula."""
        return self.value_table.values_model.values()

    def set_value(self, name: str, value: float) -> None:
        """Type `value` into `name`'s field (it is applied after the usual pause)."""
        self.value_table.values_model.set_value(name, value)

    @property
    def variable_names(self) -> tuple[str, ...]:
        """The variables that have a value field, in order."""
        return self.value_table.values_model.names

    @property
    def error_text(self) -> str:
        """The message under the formula, or "" when it is fine."""
        return self.error_label.text()

    @property
    def error_column(self) -> int | None:
        """The 1-based column the error is marked at, if it has one."""
        return self._error_column

    def apply(self) -> bool:
        """Rebuild the circuit from the fields; on an error mark it and keep the last circuit."""
        self.debounce.stop()
        text = self.formula
        try:
            self._sync_value_boxes(variable_names(text, MAX_NODES))  # no boxes for a refused one
            values = self.values()
            if self._applied == (text, values) and self.model.lesson is self._lesson:
                self._show_error("", None)  # back to the circuit on stage: nothing is wrong
                return True  # nothing changed: keep the position in the pass
            self._put_on_stage(ExpressionLesson(text, values))
        except ExpressionError as problem:
            self._show_error(str(problem), problem.column)
            return False
        self._applied = (text, values)
        self._show_error("", None)
        return True

    def _put_on_stage(self, lesson: ExpressionLesson) -> None:
        """Show `lesson`; recording its pass may fail (a gradient that is not finite)."""
        previous, self._lesson = self._lesson, lesson  # so _follow_lesson knows it is ours
        try:
            self.model.set_lesson(lesson)  # a failure leaves the model as it was
        except ExpressionError:
            self._lesson = previous
            raise

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        self.formula_field = FormulaField()
        self.formula_field.setToolTip(
            "A formula of variables and numbers: + - * / **, exp log sqrt abs tanh sigmoid "
            "relu max min (Enter applies)")
        self.formula_field.textChanged.connect(self._schedule)
        self.formula_field.textChanged.connect(self._place_caret)
        self.formula_field.submitted.connect(self.apply)
        self.formula_field.updateRequest.connect(self._place_caret)  # scrolled sideways
        self.caret_strip = CaretStrip()
        self.error_label = plain(QLabel())  # messages quote the user's formula
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.form = QFormLayout()
        # Top-aligned labels as tall as their fields: centred on the field's line even when
        # the error lines below the formula make its row taller.
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(8)
        self.form.addRow(self._name_label("f", self.formula_field.height()), self._formula_column())
        self.form.addRow(_separator())
        # One table for every variable's value: a formula of hundreds of them stays quick.
        self.value_table = ValueTable(self.formula_field.font(), NAME_WIDTH + 20, FIELD_WIDTH)
        self.value_table.edited.connect(self._schedule)
        self.value_table.committed.connect(self._apply_on_enter)
        self.form.addRow(self.value_table)

        self.hint_label = QLabel(f"Operators + - * / ** and parentheses; "
                                 f"functions {', '.join(FUNCTIONS)}.")
        self.hint_label.setWordWrap(True)
        self.hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(12)
        layout.addLayout(self.form)
        layout.addWidget(self.hint_label)
        layout.addStretch()
        self._show_error("", None)

    def _formula_column(self) -> QWidget:
        """The formula with the caret strip and the message stacked tightly under it."""
        column = QWidget()
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        stack = QVBoxLayout(column)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(self.formula_field)
        stack.addWidget(self.caret_strip)
        stack.addWidget(self.error_label)
        return column

    def _name_label(self, name: str, height: int) -> QLabel:
        """`name =` in the formula's font, as tall as its field (`height`) and centred on it."""
        label = QLabel()
        label.setFont(self.formula_field.font())
        label.setFixedHeight(height)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        shown = label.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, NAME_WIDTH)
        label.setText(f"{shown} =")
        label.setToolTip(name)
        return label

    # -- reacting --------------------------------------------------------------------

    def _load(self, text: str, values: Mapping[str, float]) -> None:
        """Show `text` and `values` (those of a lesson on stage) without rebuilding it."""
        self.formula_field.set_text(text)
        self.value_table.values_model.set_variables(tuple(values), values)
        self.debounce.stop()  # what is shown is already on stage
        self._applied = (text, self.values())
        lesson = self.model.lesson
        self._lesson = lesson if isinstance(lesson, ExpressionLesson) else None
        self._show_error("", None)

    def _follow_lesson(self) -> None:
        """An expression lesson put on stage by someone else (the lesson chooser) is shown."""
        lesson = self.model.lesson
        if isinstance(lesson, ExpressionLesson) and lesson is not self._lesson:
            self._load(lesson.circuit.text, lesson.values)

    def _follow_values(self) -> None:
        """The value fields show the values of the pass on stage: after an update the new
        ones, back in an earlier pass its own (unless the user is typing new ones)."""
        lesson = self.model.lesson
        if lesson is not self._lesson or self.debounce.isActive() or self._applied is None:
            return
        values = lesson.values_in(self.model.trace)
        if tuple(values) != self.variable_names or values == self.values():
            return
        self.value_table.values_model.set_values(values)  # shown, not typed: nothing to rebuild
        self._applied = (self._applied[0], self.values())  # what is on stage, as shown

    def _sync_value_boxes(self, names: tuple[str, ...],
                          values: Mapping[str, float] | None = None) -> None:
        """One value field per variable, in order; values of variables that stay are kept."""
        if names == self.variable_names:
            return
        kept = self.values()
        self.value_table.values_model.set_variables(
            names, {name: kept.get(name, _default_value(name, values)) for name in names})

    def _schedule(self) -> None:
        self.debounce.start()

    def _apply_on_enter(self) -> None:
        # editingFinished also fires when the focus leaves; the pause covers that case.
        if self.debounce.isActive():
            self.apply()

    def _show_error(self, message: str, column: int | None) -> None:
        colour = error_colour(self.palette())
        self._error_column = column if message else None
        self.error_label.setText(message)
        self.error_label.setStyleSheet(f"color: {colour.name()};")
        self.caret_strip.setVisible(bool(message))
        self.error_label.setVisible(bool(message))
        if self._error_column is None:
            self.formula_field.clear_mark()
        else:
            self.formula_field.mark(*_culprit(self.formula, self._error_column), colour)
        self._place_caret()

    def _place_caret(self) -> None:
        """Point the caret at the start of the marked text (it moves with edits and scrolling)."""
        span = self.formula_field.marked_span() if self._error_column is not None else None
        if span is None:
            self.caret_strip.point_at(None, self.caret_strip.colour)
            return
        field = self.formula_field
        start, end = span
        # Under the middle of the culprit's first character; at the end, under the gap there.
        if end > start:
            field_x = (field.position_x(start) + field.position_x(start + 1)) / 2
        else:
            field_x = field.position_x(start)
        x = self.caret_strip.mapFrom(self, field.mapTo(self, QPoint(round(field_x), 0))).x()
        self.caret_strip.point_at(x, error_colour(self.palette()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_caret()


def _default_value(name: str, values: Mapping[str, float] | None) -> float:
    if values is not None and name in values:
        return values[name]
    return NEW_VALUE


def _culprit(text: str, column: int) -> tuple[int, int]:
    """The 0-based span to mark for an error at `column` (1-based): the name or number that
    starts there, or its one character; at the end of the text, the empty span there."""
    start = min(column - 1, len(text))
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "_."):
        end += 1
    return start, max(end, min(start + 1, len(text)))


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line

