"""The labs' frame driver: a frame trains, then updates the views, then lets Qt paint; the
details are due on the first frame of each cycle; each phase's time is added up."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bpviz.bench.ui.frame_driver import FrameDriver


class CountingFrames(FrameDriver):
    def __init__(self) -> None:
        self.calls: list[str] = []
        super().__init__(QWidget(), 3, lambda lab: [lab])

    def train(self) -> None:
        self.calls.append("train")

    def update_views(self) -> None:
        self.calls.append("details" if self.details_due() else "update")


def test_a_cycle_trains_and_updates_each_frame_with_the_details_first(qtbot):
    frames = CountingFrames()
    frames.cycle()
    frames.cycle()
    assert frames.calls == ["train", "details", "train", "update", "train", "update"] * 2
    assert frames.frames == 6 and frames.lab.isVisible()
    assert all(spent >= 0.0 for spent in frames.spent.values()) and frames.cpu >= 0.0
    wall, cpu = frames.last  # the latest frame's own times
    assert wall >= 0.0 and 0.0 <= cpu <= frames.cpu
    frames.close()
    assert not frames.lab.isVisible()
