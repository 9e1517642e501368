"""What an animation shows, frame by frame: each frame is a move of the window (a step of the
pass, an epoch of a lab) followed by a picture of one view. The moves are the ones the
window's own keys make; the engine and the labs compute, the frames only grab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from bpviz.app.export.picture import ExportError, picture_image, scale_for
from bpviz.labs.pitfall import STEPS

MAX_FRAMES = 2_000  # at 1360×860 that is 7 GB of frames: plenty for a pass or a run
PITFALL_STEPS_PER_FRAME = 20  # the pitfall's 600 steps in 30 frames


@dataclass
class FramePlan:
    """The moves, one per frame (the first frame's is usually no move at all), and what puts
    the window back afterwards (also after a Cancel)."""

    moves: list[Callable[[], None]]
    restore: Callable[[], None] = lambda: None
    describe: str = ""

    def __len__(self) -> int:
        return len(self.moves)


def held_at(page) -> int | None:
    """The last step the stage may show now (practice holds the pass before the first
    gradient not yet answered), or None if it may show them all."""
    hold = page.model.hold
    return hold(page.model.trace) if hold is not None else None


def pass_plan(page, start: int = 0, end: int | None = None,
              with_update: bool = False) -> FramePlan:
    """The stage's current pass from position `start` to `end` (default its end, or where
    practice holds it), one frame per position: the start, then one per step; with the
    update, one frame after it. Steps practice holds back are refused, never cut short."""
    model = page.model
    page.transport.pause()
    last = len(model.trace.steps)
    held = held_at(page)
    end = (last if held is None else held) if end is None else end
    if held is not None and end > held:
        raise ExportError(f"practice holds the pass at step {held} (the next gradient is not "
                          f"answered yet), so steps up to {held} can be animated; turn "
                          "practice off (P) to animate the whole pass")
    if not 0 <= start <= end <= last:
        raise ExportError(f"the steps to animate must be within 0–{last}, the start before "
                          f"the end; got {start}–{end}")
    if with_update and end != last:
        raise ExportError("an animation with the update runs to the end of the backward pass")
    if with_update and page.transport.learning_rate <= 0:
        raise ExportError("the learning rate is 0: the update would change nothing")
    cycle, index = model.stepper.cycle, model.index

    def seek(position: int) -> Callable[[], None]:
        return lambda: _shown(page, lambda: model.seek(position))

    moves = [seek(position) for position in range(start, end + 1)]
    if with_update:
        moves.append(lambda: _shown(page, lambda: _update_in_place(page)))

    def restore() -> None:
        page.circuit_view.set_layout_kept(False)  # the cards grow now if the new pass needs
        if not with_update and model.stepper.cycle == cycle:
            model.seek(index)  # where the user was; an update is kept, as U keeps it

    return FramePlan(moves, restore, f"steps {start}–{end} of the pass"
                     + (" and the update" if with_update else ""))


def _update_in_place(page) -> None:
    """The update (U), its new pass's start shown in the pass's own layout (the cards do
    not jump on the last frame)."""
    page.circuit_view.set_layout_kept(True)
    page.transport.update_action.trigger()


def _shown(page, move: Callable[[], None]) -> None:
    move()
    page.circuit_view.finish_animation()  # the step's picture, not its way there


def lab_plan(page, epochs: int) -> FramePlan:
    """A lab as it is now, then after each of `epochs` epochs (the pitfall: its whole run in
    frames of PITFALL_STEPS_PER_FRAME steps); the lab stays trained, as its keys leave it."""
    lab = page.lab
    if page.name == "pitfall":
        lab.pause()
        start = 0 if lab.session.at_end else lab.session.steps  # at its end: again, as Play
        count = -(-(STEPS - start) // PITFALL_STEPS_PER_FRAME)
        first = lab.reset if lab.session.at_end else (lambda: None)
        return FramePlan([first, *[lambda: lab.step(PITFALL_STEPS_PER_FRAME)] * count],
                         describe=f"the pitfall's run in {count} frames")
    if epochs < 1:
        raise ExportError("animate at least one epoch")
    model = lab.model
    model.pause()

    def epoch() -> None:
        session = model.session
        session.run_epoch()
        if page.name == "lab":
            session.evaluate()
        model.trained.emit()
        lab.show_training(True)  # drawn now, not on the next frame's timer

    return FramePlan([lambda: None, *[epoch] * epochs], describe=f"{epochs} epochs")


def frame_array(widget: QWidget, width: int | None = None) -> np.ndarray:
    """What `widget` draws now (at `width` pixels wide if given) as an H×W×3 uint8 array."""
    QApplication.processEvents()  # layouts and updates from the move land first
    image = picture_image(widget, scale_for(widget, None, width))
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                              image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def check_length(plan: FramePlan) -> None:
    if len(plan) > MAX_FRAMES:
        raise ExportError(f"{len(plan):,} frames is too many; at most {MAX_FRAMES:,}")
