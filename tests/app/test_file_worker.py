"""The shared file worker: results, bad files, bugs and Cancel, each sent (or not) once."""

from __future__ import annotations

import gc
import threading

from bpviz.app.file_worker import _RUNNING, FileWorker


class Worker(FileWorker):
    """Reports halfway, then returns, raises or waits as told."""

    def __init__(self, path, outcome, release: threading.Event | None = None) -> None:
        super().__init__(path)
        self.outcome, self.release = outcome, release

    def work(self) -> object:
        self._report(0.5)
        while self.release is not None and not self.release.wait(0.01):
            self._report(0.5)
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


def test_the_result_arrives_after_progress_and_the_worker_is_forgotten(qtbot):
    worker, shares = Worker("a.csv", ["done"]), []
    worker.progress.connect(shares.append)
    with qtbot.waitSignal(worker.loaded, timeout=10_000) as signal:
        worker.start()
    assert signal.args == [["done"]] and shares == [0.5]
    assert worker.wait(10_000)
    qtbot.waitUntil(lambda: worker not in _RUNNING, timeout=10_000)


def test_a_bad_file_and_no_memory_are_messages_and_a_bug_is_passed_on(qtbot, tmp_path):
    for outcome, sent, check in [
            (ValueError("line 3: no number"), "failed", lambda arg: arg == "line 3: no number"),
            (MemoryError(), "failed",
             lambda arg: "huge.csv" in arg and "ran out of memory" in arg),
            (KeyError("bug"), "crashed", lambda arg: isinstance(arg, KeyError))]:
        worker = Worker(tmp_path / "huge.csv", outcome)
        with qtbot.waitSignal(getattr(worker, sent), timeout=10_000) as signal:
            worker.start()
        assert check(signal.args[0])
        assert worker.wait(10_000)


def test_a_cancelled_worker_stops_and_sends_nothing(qtbot):
    release = threading.Event()
    worker, sent = Worker("a.csv", "done", release), []
    for signal in (worker.loaded, worker.failed, worker.crashed):
        signal.connect(sent.append)
    with qtbot.waitSignal(worker.progress, timeout=10_000):
        worker.start()
    worker.cancel()
    assert worker.cancelled and worker.wait(10_000)  # stops at its next report
    release.set()
    qtbot.wait(50)
    assert sent == []


class Probe(FileWorker):
    """Records whether the heap was frozen while it worked; waits for `release`."""

    def __init__(self, release: threading.Event) -> None:
        super().__init__("a.csv")
        self.release, self.frozen = release, None

    def work(self) -> object:
        self.frozen = gc.get_freeze_count()
        self.release.wait(10)
        return None


def test_the_heap_is_frozen_while_workers_run_and_unfrozen_when_the_last_ends(qtbot):
    # A full collection holds the interpreter throughout: one set off by a worker's reading
    # must scan only what the reading made, not every object of the app (a frozen window).
    gc.collect()
    there = len(gc.get_objects())
    first_done, second_done = threading.Event(), threading.Event()
    first, second = Probe(first_done), Probe(second_done)
    first.start()
    qtbot.waitUntil(lambda: first.frozen is not None, timeout=10_000)
    second.start()
    qtbot.waitUntil(lambda: second.frozen is not None, timeout=10_000)
    assert first.frozen >= there * 0.9 and second.frozen >= there * 0.9
    first_done.set()
    assert first.wait(10_000)
    assert gc.get_freeze_count() > 0  # the second still reads
    second_done.set()
    assert second.wait(10_000)
    assert gc.get_freeze_count() == 0  # nothing is kept out of collections for good
