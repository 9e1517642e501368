"""Practice mode on the stage: the thin Qt layer that joins a Practice (bpviz.lessons.practice)
to the transport and the circuit.

While it is on, the pass stops before each backward step that completes a gradient the
student has not answered yet, that gradient stays off its card (a "?" tag asks for it),
and a small field at that card takes the answer (the strip under the circuit shows the
question, the verdict, hints and score). Every number comes from the Practice; nothing
here computes one. Each pass is one Practice, and a lesson's passes are kept (in memory)
for its score.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFontMetricsF, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget
from shiboken6 import isValid

from bpviz.app.card_answer_field import CardFieldPlacer
from bpviz.app.circuit_style import font
from bpviz.app.practice_panel import PracticePanel
from bpviz.app.shape_drill_dialog import NOTHING, ShapeDrillDialog
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import Theme
from bpviz.engine import Picture, Trace
from bpviz.lessons.ledger import Ledger
from bpviz.lessons.shape_drill import drill_tasks

if TYPE_CHECKING:  # loaded when practice is first turned on, not at the start
    from bpviz.lessons.practice import Feedback, Practice, Score

PRACTICE_KEY = "P"


class PracticeController(QObject):
    """Practice on `model`'s lesson: `action` (P) turns it on and off; `panel` asks.

    `lesson_key()` names the lesson on stage, so each lesson keeps its own passes.
    `ledger()`: the ledger of the pass on stage, shared with the ledger panel (building one
    is a tenth of the start). `changed` is emitted whenever what the panel shows changes.
    The page calls `enable_drill()` when it shows.
    """

    changed = Signal()

    def __init__(self, model: StageModel, circuit, transport, lesson_key: Callable[[], str],
                 host: QWidget, ledger: Callable[[], Ledger]) -> None:
        super().__init__(host)
        self.model = model
        self.ledger = ledger
        self.circuit = circuit
        # Every view that shows gradients (the circuit, the ledger, the inspector, the
        # neuron view): each is told which to hide through set_hidden_grads(node ids).
        self.screens: list = [circuit]
        self.transport = transport
        self.lesson_key = lesson_key
        self.panel = PracticePanel()
        self.panel.hide()
        self.panel.answered.connect(self.answer)
        self.panel.hint_asked.connect(self.hint)
        self.panel.reveal_asked.connect(self.reveal)
        # The answer field lies at the card asked about, clear of the other cards.
        self.placer = CardFieldPlacer(self.panel.field, circuit,
                                      lambda: circuit.node_items().values(),
                                      circuit.edge_items)
        self.panel.field.left.connect(self._leave_field)
        self.action = QAction("&Practice", host)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(PRACTICE_KEY))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip("Practice (P): the backward pass stops at each gradient "
                               "until you predict it")
        self.action.setStatusTip(self.action.toolTip())
        self.action.toggled.connect(self.set_active)
        host.addAction(self.action)
        self.drill_action = QAction("Shape &drill…", host)
        self.drill_action.setToolTip("Assemble a matrix lesson's gradients (∂s/∂W = δ xᵀ, "
                                     "Wᵀδ, u ∘ f′(z)) from tiles, the shapes checked")
        self.drill_action.triggered.connect(self.open_drill)
        self.panel.drill_button.clicked.connect(self.open_drill)
        self.drill: ShapeDrillDialog | None = None
        self._drill_tip = self.drill_action.toolTip()
        self._drills_for: tuple[object, object, bool] | None = None  # (trace, output, drills?)
        # At the start the check waits for the first paint (it reads the pass's whole ledger,
        # which the start's ledger does not show): the window sets this and calls back.
        self.drill_waits = False
        self._pass: Practice | None = None
        self.passes: dict[str, list[Practice]] = {}  # every lesson's passes, by its key
        # The pass each lesson was left in (its lesson, the pass, the step on stage), so that
        # coming back to the lesson resumes it rather than start (and count) another.
        self._left: dict[str, tuple[object, Practice, int]] = {}
        self._retry = False  # whether the feedback shown asks to try the question again
        self.feedback = ""
        self.hints: list[str] = []
        self._tag: AskedTag | None = None
        self._asked: tuple[int, int] | None = None  # the question whose field had the keys
        model.held.connect(self._on_held)
        model.position_changed.connect(self.refresh)
        model.lesson_changed.connect(self._on_lesson_changed)
        circuit.overlays.append(self._mark_asked)

    # -- public ------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.action.isChecked()

    def set_active(self, active: bool) -> None:
        """Turn practice on (a new pass over the one on stage) or off (everything shown)."""
        if self.action.isChecked() != active:
            self.action.setChecked(active)  # comes back here through toggled
            return
        self._pass = None
        self._left.clear()
        self._say("")
        self.model.hold = self._limit if active else None
        self.panel.setVisible(active)
        if active:
            self.transport.pause()
            self.model.seek(self.model.index)  # back to the first gradient not yet answered
        self.refresh()

    @property
    def practice(self) -> Practice | None:
        """The pass being practised (of the trace on stage); None while practice is off."""
        return self._pass_for(self.model.trace) if self.active else None

    def lesson_score(self, key: str | None = None) -> Score:
        """The lesson's score over every pass practised (the one on stage by default)."""
        from bpviz.lessons.practice import Score

        total = Score()
        for practice in self.passes.get(key or self.lesson_key(), ()):
            for outcome in practice.outcomes:
                total.add(outcome)
        return total

    def asking(self) -> bool:
        """Whether the current question is the one the pass waits for now."""
        practice = self.practice
        question = practice.current if practice is not None else None
        return question is not None and self.model.index >= question.step_index - 1

    def answer(self, text: str) -> Feedback | None:
        """Grade `text` for the question asked; None (and why, in the panel) if unreadable."""
        from bpviz.lessons.practice_grading import AnswerError

        practice = self.practice
        if practice is None or not self.asking():
            return None
        try:
            feedback = practice.answer(text)
        except AnswerError as error:
            self._say(f"{error}; try again", error=True)
            self._refocus()
            return None
        if feedback.correct:
            self._say(feedback.message)
            if feedback.finished:
                self._finished()
            else:
                self.hints = []
                self._refocus()
        elif feedback.mistake is not None:
            self._say(f"{feedback.message}; try again, or Hint or Reveal", error=True)
            self._refocus()
        else:  # no named mistake: the ledger line, the student's number beside the right one
            question = feedback.question
            practice.reveal()
            line = question.line.text if question.line is not None else ""
            self._say(f"not right: you said {feedback.answer_text}, the ledger says "
                      f"{feedback.expected_text}" + (f"\n{line}" if line else ""), error=True)
            self._finished()
        self.refresh()
        return feedback

    def hint(self) -> str | None:
        """One more factor of the chain rule for the question asked."""
        practice = self.practice
        if practice is None or not self.asking():
            return None
        factor = practice.hint()
        if factor is not None:
            self.hints.append(factor)
        self.refresh()
        self._refocus()
        return factor

    def reveal(self) -> Feedback | None:
        """Show the gradient asked for and move on (it counts as revealed)."""
        practice = self.practice
        if practice is None or not self.asking():
            return None
        feedback = practice.reveal()
        self._say(feedback.message)
        self._finished()
        self.refresh()
        return feedback

    def open_drill(self) -> ShapeDrillDialog:
        """The shape drill over the pass on stage (a window beside the stage)."""
        if self.drill is None:
            self.drill = ShapeDrillDialog(self.model, self.panel.window())
        else:
            self.drill.reload()
        self.drill.show()
        return self.drill

    # -- following the stage -----------------------------------------------------

    def refresh(self) -> None:
        """Hide what is still to be answered and show the question and the score."""
        practice = self.practice
        self._hide(practice.hidden() if practice is not None else frozenset())
        if practice is None:
            self.placer.show_at(None)
            self.changed.emit()
            return
        self._left[self.lesson_key()] = (self.model.lesson, practice, self.model.index)
        question = practice.current
        if question is None:
            prompt = "Pass done: every gradient answered."
        elif self.asking():
            prompt = practice.prompt()
        else:
            prompt = f"next: {question.name} (step on with → to reach it)"
        if not self.asking():
            self.placer.show_at(None)
            if self._retry:  # "try again, or Hint or Reveal" while those are off: stale
                self._say("")
        self._follow_question()
        self.panel.show_question(prompt, self.asking(),
                                 self.asking() and practice.hints_left() > 0,
                                 _placeholder(practice))
        self.panel.show_hints(self.hints)
        self.panel.show_score(*self._score_texts(practice))
        self.changed.emit()

    def _follow_question(self) -> None:
        """A question newly asked (the pass stepped on to it, or ← then → came back to it)
        puts the keys in its field, as a student types straight on."""
        practice = self.practice
        asked = (id(practice), practice.position) if self.asking() else None
        if asked is not None and asked != self._asked:
            self._refocus()
        self._asked = asked

    def _score_texts(self, practice: Practice) -> tuple[str, str]:
        score, lesson = practice.score, self.lesson_score()
        now = (f"this pass: {score.first_try} first try · {score.corrected} corrected · "
               f"{score.revealed} revealed, {score.done} of {len(practice.questions)}")
        passes = sum(1 for p in self.passes.get(self.lesson_key(), ()) if p.outcomes)
        tip = (f"this lesson, {passes} pass{'es' if passes != 1 else ''}: "
               f"{lesson.first_try} first try, {lesson.corrected} corrected, "
               f"{lesson.revealed} revealed")
        return f"{now}\n{tip}", tip

    def _pass_for(self, trace: Trace) -> Practice:
        """The pass over `trace`, started the first time it is asked for."""
        if self._pass is None or self._pass.trace is not trace:
            kept = self._left.get(self.lesson_key())
            if kept is not None and kept[0] is self.model.lesson and _same_pass(kept[1].trace,
                                                                                 trace):
                self._pass = kept[1]  # the lesson re-recorded as it was left: resume
                self._pass.trace = trace
            else:
                from bpviz.lessons.practice import Practice

                self._pass = Practice(trace, self.model.lesson.output)
                self.passes.setdefault(self.lesson_key(), []).append(self._pass)
            self.hints = []
        return self._pass

    def _limit(self, trace: Trace) -> int | None:
        """The last step the pass over `trace` may show: before the first unanswered one."""
        practice = self._pass_for(trace)
        return next((index - 1 for index in range(1, len(trace.steps) + 1)
                     if practice.blocks(index)), None)

    def _on_held(self) -> None:
        self.transport.pause()
        self._refocus()

    def enable_drill(self) -> None:
        """The shape drill only where the pass multiplies vectors or matrices; elsewhere
        off, its tooltip saying why."""
        if self.drill_waits:
            return
        trace, output = self.model.trace, self.model.lesson.output
        known = self._drills_for
        if known is None or known[0] is not trace or known[1] is not output:
            # Once a pass, from the ledger the panel shows (the tasks are read off it).
            tasks = drill_tasks(trace, output, self.ledger())[0]
            self._drills_for = (trace, output, bool(tasks))
        drills = self._drills_for[2]
        tip = self._drill_tip if drills else NOTHING
        for control in (self.drill_action, self.panel.drill_button):
            control.setEnabled(drills)
            control.setToolTip(tip)
            control.setStatusTip(tip)

    def _on_lesson_changed(self) -> None:
        self._say("")
        self.drill_waits = False  # another lesson chosen: its menu is due now
        self.enable_drill()
        kept = self._left.get(self.lesson_key())
        if self.active and kept is not None and self.practice is kept[1]:
            self.model.seek(kept[2])  # back where the pass was left
        self.refresh()

    def _finished(self) -> None:
        """A question is over: the pass steps on to show its gradient arrive, unless
        another gradient of that step is still to be answered."""
        self.hints = []
        self.panel.field.clear()
        practice = self.practice
        self._hide(practice.hidden())
        if not practice.blocks(self.model.index + 1):
            self.model.step()
        self._refocus()  # the next question (if one is asked now) takes the keys at once

    def _hide(self, node_ids: frozenset[int]) -> None:
        """Keep these gradients off every screen (none: everything shown)."""
        for screen in self.screens:
            screen.set_hidden_grads(node_ids)

    def _say(self, text: str, error: bool = False) -> None:
        self.feedback = text
        self._retry = error and "try again" in text  # it asks for another try here
        self.panel.show_feedback(text, error)

    def _leave_field(self) -> None:
        """Esc in the answer field: the keys go back to the circuit (→ steps on)."""
        self.circuit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _refocus(self) -> None:
        # After the window's own Enter handling, which hands the keys back to the page.
        QTimer.singleShot(0, self.panel.focus_field)

    # -- the "?" on the card asked about ------------------------------------------

    def _mark_asked(self, view, picture: Picture) -> None:
        """Tag the node whose gradient is asked for (an overlay of the circuit view)."""
        if self._tag is not None and isValid(self._tag) and self._tag.scene() is not None:
            self._tag.scene().removeItem(self._tag)
        self._tag = None
        practice = self.practice
        question = practice.current if practice is not None else None
        card = view.node_items().get(question.node) if question is not None else None
        if card is None or picture.index < question.step_index - 1:
            self.placer.show_at(None)
            return
        self._tag = AskedTag(f"{question.name} = ?", view.theme)
        if card.layout.grad is not None:  # where the gradient will be written
            self._tag.setPos(card.mapToScene(QPointF(*card.layout.grad)) - QPointF(4, 3))
        else:
            self._tag.setPos(card.mapToScene(QPointF(0, card.size()[1] + 4)))
        view.scene().addItem(self._tag)
        self.panel.field.setStyleSheet(field_style(view.theme))
        self.placer.show_at(self._tag, card)

    @property
    def asked_tag(self) -> str:
        """The text of the tag on the card asked about ("" when none is shown)."""
        tag = self._tag
        return tag.text if tag is not None and isValid(tag) and tag.scene() is not None else ""


def _same_pass(old: Trace, new: Trace) -> bool:
    """Whether `new` records the same pass as `old` (a lesson recorded again, unchanged)."""
    return (len(old.steps) == len(new.steps)
            and [info.label for info in old.nodes] == [info.label for info in new.nodes]
            and np.array_equal(old.output_value, new.output_value))


def field_style(theme: Theme) -> str:
    """The answer field in the tag's colours, so it reads as part of the card's question."""
    return (f"QLineEdit {{ border: 2px solid {theme.gradient}; border-radius: 5px; "
            f"padding: 2px 5px; background: {theme.background}; color: {theme.text}; "
            "font-size: 11pt; font-weight: bold; }")


def _placeholder(practice: Practice) -> str:
    """What the field at the card says before anything is typed: what kind of answer."""
    from bpviz.lessons.practice import CELL, SHAPE, SIGNS

    if practice.stage == SHAPE:  # the form of its shape, never the sizes asked for
        rank = len(practice.current.shape)
        return {1: "shape: n", 2: "shape: m x n"}.get(rank, "shape")
    if practice.stage == CELL:
        return f"cell [{', '.join(map(str, practice.cell))}]"
    if practice.stage == SIGNS:
        return "signs: + - 0 …"
    return "your answer"


class AskedTag(QGraphicsItem):
    """`∂f/∂(x+y) = ?` in a rounded box above the card whose gradient is asked for."""

    def __init__(self, text: str, theme: Theme) -> None:
        super().__init__()
        self.text = text
        self.theme = theme
        self._font = font(11.0, bold=True)
        metrics = QFontMetricsF(self._font)
        self._rect = QRectF(0, 0, metrics.horizontalAdvance(text) + 14, metrics.height() + 6)
        self.setZValue(3)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(self.theme.gradient), 1.6))
        painter.setBrush(QColor(self.theme.background))
        painter.drawRoundedRect(self._rect, 5, 5)
        painter.setPen(QColor(self.theme.gradient))
        painter.setFont(self._font)
        painter.drawText(self._rect, int(Qt.AlignmentFlag.AlignCenter), self.text)
