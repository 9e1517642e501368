"""UI-embedding: the word-vector lab training on its shipped corpus, frame after frame,
offscreen.

A frame is what the playing lab does between two pictures: a chunk of steps of all three
panels, then the counters and the three word maps (points, labels, the highlighted pair
and its arrows), and — DETAIL_HZ times a second — the loss curves and the neighbours, and
Qt's event loop painting what changed. It is driven with a fixed count of steps a frame
instead of the lab's time-boxed timer, so that every frame does the same work.
"""

from __future__ import annotations

from bpviz.bench.ui.frame_driver import FrameDriver
from bpviz.bench.ui.qt_app import application

FRAME_RATE = 30           # the target's frames a second
STEPS = 8                 # per frame: about what the lab's timer trains between two pictures


def cycle_length() -> int:
    """Frames per cycle: the lab redraws the curves and neighbours DETAIL_HZ times a
    second, every 6th frame at 30 frames/s. One call of the benchmark is one cycle."""
    from bpviz.app.labs.embedding.embedding_lab import DETAIL_HZ

    return round(FRAME_RATE / DETAIL_HZ)


class EmbeddingFrames(FrameDriver):
    """A shown EmbeddingLab on the shipped corpus at the main window's default size,
    stepped and drawn one frame at a time; wall time and GUI-thread CPU per phase are
    added up."""

    def __init__(self) -> None:
        from bpviz.app.labs.embedding.embedding_lab import EmbeddingLab
        from bpviz.app.labs.embedding.embedding_model import EmbeddingModel

        application()
        self.model = EmbeddingModel()
        super().__init__(EmbeddingLab(self.model), cycle_length(),
                         lambda lab: (word_map.plot.viewport()
                                      for word_map in lab.maps.values()))

    def train(self) -> None:
        self.model.session.step(STEPS)

    def update_views(self) -> None:
        self.lab.show_training(details=self.details_due())

    def profile(self, cycles: int = 3) -> dict[str, float]:
        """Milliseconds a frame spends training, updating views and painting, and the
        GUI thread's CPU a frame, averaged over `cycles` cycles."""
        before, frames, cpu = dict(self.spent), self.frames, self.cpu
        for _ in range(cycles):
            self.cycle()
        count = self.frames - frames
        result = {name: (self.spent[name] - before[name]) / count * 1e3 for name in self.spent}
        return {**result, "cpu": (self.cpu - cpu) / count * 1e3}


def prepare() -> object:
    """The lab's frames, timed a cycle at a time (see `bpviz.bench.ui_workloads`)."""
    from bpviz.bench.workload import ENGINE, Prepared

    frames = EmbeddingFrames()
    cycle = frames.cycle_length
    frames.cycle()  # warm-up: the first frames lay out and fill caches
    frames.cycle()
    paints_before, frames_before = frames.painted.paints, frames.frames
    split = frames.profile(cycles=2)
    paints = frames.painted.paints - paints_before
    drawing = split["update"] + split["paint"]
    return Prepared(
        {ENGINE: frames.cycle}, units_per_call=cycle, finish=frames.close,
        bound=(f"training takes {split['train']:.1f} ms of a frame and drawing "
               f"{drawing:.1f} ms (updating the views {split['update']:.1f}, Qt's painting "
               f"{split['paint']:.1f}); the GUI thread's CPU is {split['cpu']:.1f} ms a frame"),
        notes=[f"A frame: {STEPS} steps of all three panels (skip-gram through the compiled "
               "plan, GloVe and simpler GloVe), then the counters and the three word maps "
               "(points, de-overlapped labels, the highlighted pair and its arrows); 1 frame "
               f"in {cycle} also redraws the loss curves and the neighbours, as while "
               f"playing at {FRAME_RATE} frames/s (the lab shown offscreen at "
               f"{frames.lab.width()}×{frames.lab.height()}, the shipped corpus).",
               f"Per frame, on average over {2 * cycle} frames profiled before the timed "
               f"rounds: training {split['train']:.1f} ms, updating the views "
               f"{split['update']:.1f} ms, painting {split['paint']:.1f} ms; GUI-thread CPU "
               f"{split['cpu']:.1f} ms; the three word maps were painted {paints} times in "
               f"{frames.frames - frames_before} frames."])
