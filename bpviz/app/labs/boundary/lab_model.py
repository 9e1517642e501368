"""The thin Qt layer over a LabSession: settings, data and training, as signals widgets connect to.

Training runs from a QTimer in chunks of minibatches bounded by a time budget, so the
window never freezes (an epoch too: a long one runs on from the timer, and Pause stops it); the losses and accuracies are evaluated at most ~10 times a second.
When training diverges (or a picture of it overflows) the lab stops at the last finite
step, says why, and stays usable; nothing escapes from the timer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from bpviz.app.labs.boundary.data_loader import DataLoader
from bpviz.data.csv_format import load_csv, save_csv
from bpviz.data.dataset import Dataset
from bpviz.errors import BpvizError
from bpviz.labs.boundary import editing
from bpviz.labs.boundary.advice import stop_message
from bpviz.labs.boundary.datasets import make_dataset
from bpviz.labs.boundary.session import LabSession
from bpviz.labs.boundary.settings import (
    DataSpec, NetSpec, TrainSpec, fitted_train, minibatch_notice,
)

TICK_MS = 16             # one training chunk per frame at 60 frames a second
STEP_BUDGET_S = 0.008    # the most time a chunk of minibatches may take
# Epoch's first chunk, run at once: a small data set's epoch (most) ends within it, as
# if it were one call; a longer one goes on from the timer in STEP_BUDGET_S chunks.
FIRST_EPOCH_CHUNK_S = 0.03
EVALUATE_EVERY_S = 0.1   # losses and accuracies for the curves, ~10 times a second


class LabModel(QObject):
    """The lab's session, its settings and whether it is training.

    `changed`: data, settings or weights were reset (views redraw everything).
    `trained`: new weights after training steps (views redraw predictions and curves).
    `error(message)`: something the user asked for failed; the lab is unchanged.
    `diverged(message)`: training stopped by itself at the last finite step: which model,
    step and node, and what to try (sent after `trained` for the weights it went back to).
    `noticed(message)`: the lab changed a setting to fit new data (a full batch on big data).
    `playing_changed(bool)`: training started or stopped.
    `loading(name)`, `load_progress(fraction)`, `load_ended()`: a file is read on a worker
    thread (`load_data`), how far, and that it stopped (loaded, refused or cancelled).
    """

    changed = Signal()
    trained = Signal()
    error = Signal(str)
    diverged = Signal(str)
    noticed = Signal(str)
    playing_changed = Signal(bool)
    loading = Signal(str)
    load_progress = Signal(float)
    load_ended = Signal()

    def __init__(self, data: DataSpec | None = None, net: NetSpec | None = None,
                 train: TrainSpec | None = None, grid_size: int = 200,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        data, net, train = data or DataSpec(), net or NetSpec(), train or TrainSpec()
        self.data_spec = data
        self.source = data.kind  # the built-in kind, or the file's name the data came from
        self.grid_size = grid_size
        self.session = self._new_session(make_dataset(data), net, train, data.seed,
                                         data.train_fraction)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self._evaluated_at = 0.0
        self._loader: DataLoader | None = None
        self._epochs_left = 0  # epochs the timer is to run (Epoch pressed), rather than play

    # -- state -----------------------------------------------------------------------

    @property
    def dataset(self) -> Dataset:
        return self.session.dataset

    @property
    def net(self) -> NetSpec:
        return self.session.net

    @property
    def train(self) -> TrainSpec:
        return self.session.train

    @property
    def seed(self) -> int:
        return self.session.seed

    @property
    def playing(self) -> bool:
        """Whether the timer is training (playing, or running a long epoch)."""
        return self.timer.isActive()

    @property
    def running_epoch(self) -> bool:
        """Whether an epoch too long for one frame is running on from the timer."""
        return self._epochs_left > 0 and self.playing

    # -- transport -------------------------------------------------------------------

    def play(self) -> None:
        """Train continuously, a bounded chunk of minibatches per frame."""
        if not self.playing:
            self.timer.start()
            self.playing_changed.emit(True)

    def pause(self) -> None:
        """Stop training, keeping the weights; the curves catch up with them."""
        if not self.playing:
            return
        try:
            self._catch_up()
        except BpvizError as problem:  # these weights overflow: the session went back
            self._stop(problem)
            return
        self._halt()

    def check_pictures(self) -> None:
        """Make sure the session can picture its weights (views call this before drawing);
        if they overflow, stop at the last good weights and say so, as for divergence."""
        try:
            self.session.check_pictures()
        except BpvizError as problem:
            self._stop(problem)

    def _catch_up(self) -> None:
        """Evaluate now unless the last evaluation is of these very weights: while playing
        the curves are sampled, and what a paused lab shows must be its current state."""
        steps = self.session.curve("mlp").steps
        if not len(steps) or steps[-1] != self.session.steps:
            self.session.evaluate()

    def toggle(self) -> None:
        """Play if paused, pause if playing."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def step(self) -> None:
        """One minibatch on both models (pauses first: stepping by hand takes over)."""
        self.pause()
        self._train(lambda: self.session.step(1))

    def run_epoch(self) -> None:
        """One epoch on both models (pauses playing first). One frame's chunk of it runs
        now; a longer epoch runs on from the timer in such chunks, the window live, shown
        as playing until it ends, and `pause` stops it where it is. Pressed again while
        an epoch runs, one more epoch follows it."""
        if self.running_epoch:
            self._epochs_left += 1
            return
        self.pause()
        self._epochs_left = 1
        ended = self._train_chunk(FIRST_EPOCH_CHUNK_S)
        if ended is None:
            return  # stopped by a divergence, and said so
        if not ended:
            # Playing before `trained`: the views redraw this chunk in a later turn, not
            # in the one that trained it (a first chunk and a redraw of a big data set
            # in one turn froze the window for ~100 ms).
            self.timer.start()
            self.playing_changed.emit(True)
        self.trained.emit()
        if ended:
            self._halt()

    def reset(self) -> None:
        """Back to the same initial weights; the curves start again."""
        self._reset_by(self.session.reset)

    def new_seed(self) -> None:
        """A new train/test split and new initial weights (the next seed)."""
        self._reset_by(lambda: self.session.reseed(self.session.seed + 1))

    # -- settings and data -----------------------------------------------------------

    def set_data_spec(self, spec: DataSpec) -> None:
        """Generate the built-in data set `spec` describes and train on it from the start;
        a file still loading is cancelled: the newer choice wins."""
        self.cancel_loading()

        def apply() -> None:
            dataset = make_dataset(spec)
            if spec.train_fraction != self.data_spec.train_fraction:
                self.session = self._new_session(dataset, self.net, self.train, self.seed,
                                                 spec.train_fraction)
            else:
                self.session.set_dataset(dataset)
            self.data_spec, self.source = spec, spec.kind
        self._reset_by(apply)

    def set_train_fraction(self, fraction: float) -> None:
        """Split the current data (generated, loaded or drawn) anew with `fraction` training."""
        def apply() -> None:
            self.session = self._new_session(self.dataset, self.net, self.train, self.seed,
                                             fraction)
            self.data_spec = replace(self.data_spec, train_fraction=fraction)
        self._reset_by(apply)

    def open_data(self, path: str | os.PathLike[str]) -> bool:
        """Train on the CSV file at `path`, read here and now (`load_data` reads it on a worker
        thread); on a bad file say why (with its line) and keep the session as it was."""
        self.cancel_loading()
        try:
            session = self._prepared_session(load_csv(path), *self._session_settings())
        except (BpvizError, ValueError) as problem:
            self.error.emit(str(problem))
            return False
        self._adopt(session, path)
        return True

    def load_data(self, path: str | os.PathLike[str]) -> None:
        """Open the CSV file at `path` on a worker thread: `loading`, then `load_progress`
        as it is read, then `load_ended`; the new data arrive whole (`changed`), or a bad
        file is reported (`error`) and the lab stays as it was. `cancel_loading` stops it."""
        self.cancel_loading()
        settings = self._session_settings()
        loader = DataLoader(path, lambda data: self._prepared_session(data, *settings))
        loader.progress.connect(lambda fraction: self._load_progressed(loader, fraction))
        loader.loaded.connect(lambda session: self._loaded(loader, session))
        loader.failed.connect(lambda message: self._load_failed(loader, message))
        loader.crashed.connect(lambda error: self._load_crashed(loader, error))
        self._loader = loader
        self.loading.emit(os.path.basename(os.fspath(path)))
        loader.start()

    @property
    def loading_file(self) -> bool:
        """Whether a file is being loaded on the worker thread."""
        return self._loader is not None

    def cancel_loading(self) -> None:
        """Stop loading a file, if one is loading; the lab stays as it was."""
        if self._loader is not None:
            self._loader.cancel()
            self._loader = None
            self.load_ended.emit()

    def save_data(self, path: str | os.PathLike[str]) -> bool:
        """Write the current data set (every point, train and test) as a CSV file."""
        try:
            editing.check_savable(self.dataset)
            save_csv(self.dataset, path)
        except (BpvizError, ValueError) as problem:
            self.error.emit(str(problem))
            return False
        return True

    def set_net(self, spec: NetSpec) -> None:
        """A new architecture: both models start again from new initial weights."""
        if spec != self.net:
            self._reset_by(lambda: self.session.set_net(spec))

    def set_train(self, spec: TrainSpec) -> None:
        """Loss, optimiser, lr, λ, batch size: they apply from the next step, weights kept."""
        if spec == self.train:
            return
        try:
            self.session.set_train(spec)
        except (BpvizError, ValueError) as problem:
            self.error.emit(str(problem))
            return
        self.changed.emit()

    def add_point(self, x: float, y: float, label: int) -> None:
        """Add a point of class `label` at (x, y); training starts again on the new data."""
        self._edit(lambda data: editing.add_point(data, x, y, label))

    def remove_nearest(self, x: float, y: float) -> None:
        """Remove the point nearest to (x, y), if there is one."""
        if len(self.dataset):
            self._edit(lambda data: editing.remove_nearest(data, x, y))

    def clear(self) -> None:
        """Remove every point, keeping the classes, to draw a data set from scratch."""
        self._edit(editing.clear_points)

    # -- inside ----------------------------------------------------------------------

    def _new_session(self, dataset: Dataset, net: NetSpec, train: TrainSpec, seed: int,
                     fraction: float) -> LabSession:
        session = LabSession(dataset, net, train, seed=seed, train_fraction=fraction,
                             grid_size=self.grid_size)
        session.evaluate()
        return session

    def _session_settings(self) -> tuple[NetSpec, TrainSpec, int, float]:
        return self.net, self.train, self.seed, self.session.train_fraction

    def _prepared_session(self, dataset: Dataset, net: NetSpec, train: TrainSpec, seed: int,
                          fraction: float) -> LabSession:
        """A new session on `dataset`, evaluated, with its first pictures, point density and
        hidden space computed (so that a worker thread leaves little for the window to do)."""
        session = self._new_session(dataset, net, train, seed, fraction)
        session.check_pictures()
        session.density()
        session.hidden_space()
        return session

    def _adopt(self, session: LabSession, path: str | os.PathLike[str]) -> None:
        """Train on `session` from now on: the data came whole from the file at `path`."""
        asked = self.train
        self.session, self.source = session, os.path.basename(os.fspath(path))
        self.changed.emit()
        if session.train != asked:  # a full batch on big data became minibatches
            self.noticed.emit(minibatch_notice(len(session.train_set), session.train.batch_size))

    def _loaded(self, loader: DataLoader, session: LabSession) -> None:
        if loader is not self._loader:
            return  # cancelled, or replaced by a newer load
        self._loader = None
        try:
            net, train, seed, fraction = self._session_settings()
            if (session.net, session.train, session.seed, session.train_fraction) != (
                    net, fitted_train(train, len(session.train_set)), seed, fraction):
                # The settings changed while the file loaded: the new data get the new ones.
                session = self._new_session(session.dataset, *self._session_settings())
        except BpvizError as problem:
            self.error.emit(str(problem))
        else:
            self._adopt(session, loader.path)
        self.load_ended.emit()

    def _load_progressed(self, loader: DataLoader, fraction: float) -> None:
        if loader is self._loader:  # not a cancelled one's progress, still on its way
            self.load_progress.emit(fraction)

    def _load_failed(self, loader: DataLoader, message: str) -> None:
        if loader is self._loader:
            self._loader = None
            self.load_ended.emit()
            self.error.emit(message)

    def _load_crashed(self, loader: DataLoader, error: BaseException) -> None:
        if loader is self._loader:
            self._loader = None
            self.load_ended.emit()
            raise error  # a bug in loading: the app's guard reports it

    def _edit(self, change: Callable[[Dataset], Dataset]) -> None:
        self.cancel_loading()  # drawing on the data shown: a file still loading would replace it

        def apply() -> None:
            # The axes stay where they are while the user draws on them.
            self.session.set_dataset(change(self.dataset), keep_extent=True)
            self.source = "drawn"
        self._reset_by(apply)

    def _reset_by(self, apply: Callable[[], None]) -> bool:
        """Apply a change that resets training; on failure say why and keep everything."""
        try:
            apply()
            self.session.evaluate()
        except (BpvizError, ValueError) as problem:
            self.error.emit(str(problem))
            return False
        self.changed.emit()
        return True

    def _train(self, work: Callable[[], None]) -> None:
        try:
            work()
            self.session.evaluate()
        except BpvizError as problem:  # divergence: the parameters are back at the last good step
            self._stop(problem)
            return
        self._evaluated_at = time.perf_counter()
        self.trained.emit()

    def _tick(self) -> None:
        """A chunk of minibatches (see `_train_chunk`); the last epoch's end stops the timer."""
        if len(self.session.train_set) == 0 and not self._epochs_left:  # all points cleared
            self.pause()
            return
        ended = self._train_chunk(STEP_BUDGET_S)
        if ended is None:
            return
        self.trained.emit()
        if ended:
            self._halt()  # the epoch is done: what it left is shown whole (playing_changed)

    def _train_chunk(self, budget: float) -> bool | None:
        """Minibatches for `budget` seconds, then (at most ~10×/s) new curve points; running
        epochs, each epoch's end is evaluated. True once the last epoch has ended; None if
        training diverged (stopped, and said so)."""
        start = time.perf_counter()
        try:
            if self._epochs_left:
                ended = self._epoch_chunk(start + budget)
            else:
                ended = False
                self.session.step(1)  # at least one, however slow the model
                while time.perf_counter() - start < budget:
                    self.session.step(1)
                now = time.perf_counter()
                if now - self._evaluated_at >= EVALUATE_EVERY_S:
                    self.session.evaluate()
                    self._evaluated_at = now
        except BpvizError as problem:
            self._stop(problem)
            return None
        except Exception:
            self._halt()  # a bug: stop here rather than fail again every frame
            raise
        return ended

    def _epoch_chunk(self, until: float) -> bool:
        """Run the epochs left until `until` (at least one step): each one's end gets its
        point on the curves. True once the last has ended."""
        while True:
            if self.session.run_epoch(until=until):
                self._epochs_left -= 1
                self.session.evaluate()
                self._evaluated_at = time.perf_counter()
            if not self._epochs_left or time.perf_counter() >= until:
                return not self._epochs_left

    def _stop(self, problem: BpvizError) -> None:
        """Training diverged (the session is back at its last finite step): stop playing,
        put those weights on the curves, and say what happened and what to try."""
        try:
            self._catch_up()
        except BpvizError as again:  # they overflow too: the session went further back
            problem = again
        self._halt()
        self.trained.emit()
        self.diverged.emit(stop_message(problem, self.train))

    def _halt(self) -> None:
        """Stop the timer and say so, whatever state training is in."""
        was_playing = self.playing
        self._epochs_left = 0
        self.timer.stop()
        if was_playing:
            self.playing_changed.emit(False)
