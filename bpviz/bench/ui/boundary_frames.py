"""UI-boundary: the decision-boundary lab training on the spiral, frame after frame, offscreen.

A frame is what the playing lab does between two pictures: a chunk of minibatches on
both models, the losses evaluated now and then, both panels' 200×200 heatmaps computed,
coloured and set, and Qt's event loop painting what changed. It is driven here with a
fixed count per frame instead of the lab's time-boxed timer, so that every frame does
the same work and the figure says whether 30 frames/s hold with 5 minibatches each. The
details (the diagrams and the inside view) are redrawn as while playing: asked for on a
cycle's first frame, drawn a part a frame over the next ones.
"""

from __future__ import annotations

from bpviz.bench.ui.frame_driver import FrameDriver
from bpviz.bench.ui.qt_app import application

FRAME_RATE = 30           # the target's frames a second
MINIBATCHES = 5           # per frame: the target's least
GRID = 200                # heatmap cells a side, in both panels
SOAK_MINUTES = 10


def evaluate_every() -> int:
    """While playing, the lab adds new curve points ~10 times a second: every 3rd frame
    at 30 frames/s."""
    from bpviz.app.labs.boundary.lab_model import EVALUATE_EVERY_S

    return round(EVALUATE_EVERY_S * FRAME_RATE)


def cycle_length() -> int:
    """Frames per cycle: the lab redraws the network diagrams and the inside view
    DETAIL_HZ times a second, every 6th frame at 30 frames/s. One call of the benchmark
    is one such cycle."""
    from bpviz.app.labs.boundary.boundary_lab import DETAIL_HZ

    return round(FRAME_RATE / DETAIL_HZ)


class LabFrames(FrameDriver):
    """A shown BoundaryLab on the default spiral, at the main window's default size,
    stepped and painted one frame at a time; time spent per phase is added up."""

    def __init__(self) -> None:
        from bpviz.app.labs.boundary.boundary_lab import BoundaryLab
        from bpviz.app.labs.boundary.lab_model import LabModel
        from bpviz.labs.boundary.settings import DataSpec

        application()
        self.evaluate_every = evaluate_every()
        self.model = LabModel(DataSpec(kind="spiral"), grid_size=GRID)
        super().__init__(BoundaryLab(self.model), cycle_length(),
                         lambda lab: (panel.plot.viewport()  # both heatmap plots
                                      for panel in lab.panels.values()))

    def train(self) -> None:
        session = self.model.session
        session.step(MINIBATCHES)
        if self.frames % self.evaluate_every == 0:
            session.evaluate()  # new points on the loss curves, as a tick does

    def update_views(self) -> None:
        self.lab.training_bar.show_progress()
        # The playing lab's path: the details a part a frame (the model's own timer is off).
        self.lab.show_training(details=self.details_due(), spread=True)

    def profile(self) -> dict[str, float]:
        """Milliseconds a frame spends training, updating views and painting, and of the
        GUI thread's CPU (averaged over two cycles); the slowest frame of those cycles
        ("slowest", its CPU "slowest_cpu") and the frame each cycle starts with ("first")."""
        before, frames, cpu = dict(self.spent), self.frames, self.cpu
        slowest, first = (0.0, 0.0), 0.0
        for index in range(2 * self.cycle_length):
            self.frame()
            slowest = max(slowest, self.last)
            if index % self.cycle_length == 0:
                first = max(first, self.last[0])
        count = self.frames - frames
        result = {name: (self.spent[name] - before[name]) / count * 1e3 for name in self.spent}
        return {**result, "cpu": (self.cpu - cpu) / count * 1e3, "slowest": slowest[0] * 1e3,
                "slowest_cpu": slowest[1] * 1e3, "first": first * 1e3}


def soak_frames(quick: bool) -> int:
    """Frames of the memory soak: SOAK_MINUTES at FRAME_RATE (18,000), or 1/30 of it quick
    (600 frames, about 15 s to run: --quick must stay under a minute in all)."""
    full = SOAK_MINUTES * 60 * FRAME_RATE
    return full // 30 if quick else full
