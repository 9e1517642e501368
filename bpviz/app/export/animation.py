"""Making an animation while the window stays responsive: the frames are grabbed on the GUI
thread in time-boxed chunks from a timer, then encoded on a worker thread. Cancel stops
either part and leaves no file; a failure is reported with nothing written."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QWidget

from bpviz.app.export.encode import Cancelled, animation_format, encode
from bpviz.app.export.frames import FramePlan, check_length, frame_array
from bpviz.app.export.picture import check_writable
from bpviz.errors import BpvizError

CHUNK_S = 0.04  # grabbing at most this long per turn of the event loop (at least one frame)


def grab_all(plan: FramePlan, widget: QWidget, width: int | None = None) -> list[np.ndarray]:
    """Every frame of `plan` at once (the command line: no window to keep responsive)."""
    check_length(plan)
    frames = []
    try:
        for move in plan.moves:
            move()
            frames.append(frame_array(widget, width))
    finally:
        plan.restore()
    return frames


class _Encoder(QThread):
    """Encodes the grabbed frames to the file on its own thread."""

    encoded = Signal(int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, frames: list[np.ndarray], fps: float, path: Path,
                 cancel: threading.Event) -> None:
        super().__init__()
        self.frames, self.fps, self.path, self.cancel = frames, fps, path, cancel

    def run(self) -> None:
        try:
            written = encode(self.frames, self.fps, self.path, self.cancel, self.encoded.emit)
        except Cancelled:
            self.cancelled.emit()
        except BpvizError as problem:
            self.failed.emit(str(problem))
        except MemoryError:
            self.failed.emit("not enough memory to encode these frames; try a smaller size")
        else:
            self.done.emit(written)
        finally:
            self.frames = []


class AnimationExport(QObject):
    """Grab `plan`'s frames of `widget`, then write them to `path` at `fps`.

    `progress(done, total)`: grabbing counts the first half, encoding the second;
    `finished(path)`, `failed(message)`, `cancelled()`: exactly one of them, once.
    """

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, plan: FramePlan, widget: QWidget, path: str | os.PathLike[str],
                 fps: float, width: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        animation_format(path)  # a wrong name, or MP4 without the extra: said at once
        check_writable(path)  # and a folder that cannot take the file, before any frame
        check_length(plan)
        self.plan, self.widget, self.path, self.fps, self.width = plan, widget, Path(path), fps, width
        self.frames: list[np.ndarray] = []
        self._cancel = threading.Event()
        self._encoder: _Encoder | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._grab_chunk)
        self.running = False

    @property
    def total(self) -> int:
        return 2 * len(self.plan)

    def start(self) -> None:
        self.running = True
        self._timer.start()

    def cancel(self) -> None:
        """Stop now: the window goes back to where it was, no file is written."""
        if not self.running:
            return
        self._cancel.set()
        if self._timer.isActive():
            self._timer.stop()
            self.plan.restore()
            self._end(self.cancelled)

    def wait(self) -> None:
        """Until the encoder's thread has ended (the window is closing)."""
        if self._encoder is not None:
            self._encoder.wait()

    def _grab_chunk(self) -> None:
        until = time.perf_counter() + CHUNK_S
        try:
            while len(self.frames) < len(self.plan):
                self.plan.moves[len(self.frames)]()
                self.frames.append(frame_array(self.widget, self.width))
                self.progress.emit(len(self.frames), self.total)
                if time.perf_counter() >= until:
                    return
        except (BpvizError, MemoryError) as problem:
            self._timer.stop()
            self.plan.restore()
            self.frames = []
            self._end(self.failed, str(problem) if isinstance(problem, BpvizError)
                      else "not enough memory for these frames; try a smaller size")
            return
        self._timer.stop()
        self.plan.restore()
        self._encode()

    def _encode(self) -> None:
        frames, self.frames = self.frames, []
        encoder = self._encoder = _Encoder(frames, self.fps, self.path, self._cancel)
        grabbed = len(frames)
        encoder.encoded.connect(lambda done: self.progress.emit(grabbed + done, self.total))
        encoder.done.connect(lambda path: self._end(self.finished, path))
        encoder.failed.connect(lambda message: self._end(self.failed, message))
        encoder.cancelled.connect(lambda: self._end(self.cancelled))
        encoder.start()

    def _end(self, signal, *value) -> None:
        if self.running:
            self.running = False
            signal.emit(*value)
