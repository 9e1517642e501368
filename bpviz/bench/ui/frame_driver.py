"""What the labs' frame benchmarks share: a lab shown offscreen at the main window's
default size, stepped and drawn one frame at a time as its timer would, with each phase's
wall time (training, updating the views, Qt's painting) and the GUI thread's CPU added up."""

from __future__ import annotations

import time

from bpviz.bench.ui.qt_app import application, paint_counter, process_events


class FrameDriver:
    """Drives `lab` frame by frame; a subclass says how a frame trains and updates the
    views, and which viewports' paints are counted (`painted`)."""

    def __init__(self, lab, cycle_length: int, viewports) -> None:
        from bpviz.app.main_window import DEFAULT_SIZE

        application()
        self.lab, self.cycle_length = lab, cycle_length
        lab.resize(*DEFAULT_SIZE)
        lab.show()
        process_events()
        self.painted = paint_counter(*viewports(lab))
        self.frames = 0
        self.spent = {"train": 0.0, "update": 0.0, "paint": 0.0}
        self.cpu = 0.0  # the GUI thread's CPU time over all frames
        self.last = (0.0, 0.0)  # the latest frame's wall and GUI-thread CPU seconds

    def train(self) -> None:
        """A frame's training (and evaluation)."""
        raise NotImplementedError

    def update_views(self) -> None:
        """A frame's changes to the views, before Qt paints them."""
        raise NotImplementedError

    def frame(self) -> None:
        """One frame: train, update the views, let Qt paint."""
        clock, cpu = time.perf_counter, time.thread_time
        start, cpu_start = clock(), cpu()
        self.train()
        trained = clock()
        self.update_views()
        updated = clock()
        process_events()  # the event loop paints what changed, as in the app
        painted = clock()
        self.last = (painted - start, cpu() - cpu_start)
        self.cpu += self.last[1]
        self.spent["train"] += trained - start
        self.spent["update"] += updated - trained
        self.spent["paint"] += painted - updated
        self.frames += 1

    def details_due(self) -> bool:
        """Whether this frame also redraws the details (the first frame of each cycle)."""
        return self.frames % self.cycle_length == 0

    def cycle(self) -> None:
        """A cycle of frames: one with the details redrawn, the rest without."""
        for _ in range(self.cycle_length):
            self.frame()

    def close(self) -> None:
        """Close the lab (it pauses and frees its widgets when Python drops it)."""
        self.lab.close()
        self.lab.deleteLater()  # a shown window left behind would take the next one's focus
        process_events()
