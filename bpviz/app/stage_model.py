"""The thin Qt layer over a Stepper: what the stage shows, as signals widgets connect to."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from bpviz.engine import GradcheckReport, Picture, Trace
from bpviz.errors import BpvizError
from bpviz.lessons.lesson import Lesson
from bpviz.lessons.stepper import Stepper, UpdateSummary


class StageModel(QObject):
    """The lesson on stage, the position in it, the selected node and the last gradient check.

    `lesson_changed`: a new lesson (a new graph; views rebuild their layout).
    `position_changed`: the step, or the trace after an update (views redraw values).
    `selection_changed(node_id or None)`, `gradcheck_changed(report or None)`,
    `error(message)`: something the user asked for failed; the state is unchanged.
    `held`: a move stopped short at `hold`'s limit (practice waits for an answer there).
    """

    lesson_changed = Signal()
    position_changed = Signal()
    selection_changed = Signal(object)
    gradcheck_changed = Signal(object)
    error = Signal(str)
    held = Signal()

    def __init__(self, lesson: Lesson, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stepper = Stepper(lesson)
        self.selected: int | None = None
        self.gradcheck_report: GradcheckReport | None = None
        self.last_update: UpdateSummary | None = None
        # The furthest step of a pass a move may reach (None: any), asked after every move.
        self.hold: Callable[[Trace], int | None] | None = None

    @property
    def lesson(self) -> Lesson:
        return self.stepper.lesson

    @property
    def trace(self) -> Trace:
        return self.stepper.trace

    @property
    def picture(self) -> Picture:
        return self.stepper.picture

    @property
    def index(self) -> int:
        return self.stepper.index

    def set_lesson(self, lesson: Lesson, left_at: Stepper | None = None) -> None:
        """Show another lesson (or the same one rebuilt with new settings) from its start, or
        where `left_at` left it if that is this lesson's (its passes, updates and step)."""
        self.stepper = left_at if left_at is not None and left_at.lesson is lesson \
            else Stepper(lesson)
        self.selected, self.gradcheck_report, self.last_update = None, None, None
        self.lesson_changed.emit()
        self.selection_changed.emit(None)
        self.gradcheck_changed.emit(None)
        self.position_changed.emit()

    def _moved(self, move) -> None:
        before = (self.stepper.cycle, self.stepper.index)
        move()
        limit = self.hold(self.stepper.trace) if self.hold is not None else None
        if limit is not None and self.stepper.index > limit:
            self.stepper.index = limit
            self.held.emit()
        if (self.stepper.cycle, self.stepper.index) != before:
            self.position_changed.emit()

    def step(self) -> None:
        self._moved(self.stepper.step)

    def back(self) -> None:
        self._moved(self.stepper.back)

    def reset(self) -> None:
        self._moved(self.stepper.reset)

    def seek(self, index: int) -> None:
        self._moved(lambda: self.stepper.seek(index))

    def update(self, lr: float) -> None:
        """One gradient-descent step; a failure (divergence) is reported, nothing changes."""
        try:
            self.last_update = self.stepper.update(lr)
        except BpvizError as problem:
            self.error.emit(str(problem))
            return
        self.gradcheck_report = None
        self.gradcheck_changed.emit(None)
        self.position_changed.emit()

    def select(self, node_id: int | None) -> None:
        if node_id != self.selected:
            self.selected = node_id
            self.selection_changed.emit(node_id)

    def check_gradients(self) -> None:
        """Run the lesson's gradient check at the current parameters."""
        self.gradcheck_report = self.lesson.gradcheck()
        self.gradcheck_changed.emit(self.gradcheck_report)
