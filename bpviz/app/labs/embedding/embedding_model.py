"""The thin Qt layer over an EmbeddingSession: settings, corpus and training, as signals.

Training runs from a QTimer in time-boxed chunks (`train_for`), so the window never
freezes; an epoch too runs on from the timer. A diverging step stops training with the
panels as they were before it, says which panel, and leaves the lab usable.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from bpviz.app.labs.embedding.corpus_loader import CorpusLoader
from bpviz.data.corpus import SHIPPED_CORPUS, Corpus, load_corpus, shipped_corpus
from bpviz.errors import BpvizError
from bpviz.labs.embedding import EmbeddingSession, EmbeddingSpec
from bpviz.training.divergence import DivergenceError

TICK_MS = 16           # one chunk per frame at 60 frames a second
CHUNK_S = 0.008        # the most time a chunk of steps may take
MIN_CHUNK_S = 0.001    # the least (a chunk always takes at least one step)
PREFERRED_WORDS = ("television", "TV", "monday")  # the word first shown, if the corpus has it


class EmbeddingModel(QObject):
    """The lab's session and whether it trains.

    `changed`: corpus, settings or vectors were reset (views redraw everything);
    `trained`: new vectors after steps; `error(message)`: a request failed, nothing changed;
    `diverged(message)`: training stopped itself at the last finite step (which panel);
    `playing_changed(bool)`; `word_changed(word)`: the word whose neighbours are shown;
    `loading(name)`, `load_progress(fraction)`, `load_ended()`: a corpus read on a thread.
    """

    changed = Signal()
    trained = Signal()
    error = Signal(str)
    diverged = Signal(str)
    playing_changed = Signal(bool)
    word_changed = Signal(str)
    loading = Signal(str)
    load_progress = Signal(float)
    load_ended = Signal()

    def __init__(self, corpus: Corpus | None = None, spec: EmbeddingSpec | None = None,
                 seed: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = EmbeddingSession(corpus or shipped_corpus(), spec or EmbeddingSpec(),
                                        seed)
        self.word = self._default_word()
        # The text file the corpus was read from (a session file may link to it), if known.
        self.corpus_path: Path | None = SHIPPED_CORPUS if corpus is None else None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self._epoch_target: float | None = None  # skip-gram's epoch an Epoch runs up to
        # Seconds a tick trains for: CHUNK_S, less when the view asks (see `share_frame`).
        self.chunk_s = CHUNK_S
        self._loader: CorpusLoader | None = None

    # -- state -----------------------------------------------------------------------
    @property
    def spec(self) -> EmbeddingSpec:
        return self.session.spec

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    @property
    def loading_file(self) -> bool:
        return self._loader is not None

    # -- transport -------------------------------------------------------------------
    def play(self) -> None:
        """Train continuously, a time-boxed chunk of steps per frame."""
        if not self.playing:
            self._epoch_target = None
            self.timer.start()
            self.playing_changed.emit(True)

    def pause(self) -> None:
        """Stop training (an epoch running too), keeping the vectors."""
        self._epoch_target = None
        if self.playing:
            self.timer.stop()
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        """Play if paused, pause if playing."""
        self.pause() if self.playing else self.play()

    def step(self) -> None:
        """One step (a batch for each panel); pauses first."""
        self.pause()
        self._train(lambda: self.session.step(1))

    def run_epoch(self) -> None:
        """Train until skip-gram's current pass over its pairs ends, from the timer in
        chunks (shown as playing until then; Pause stops it where it is)."""
        self.pause()
        self._epoch_target = int(self.session.epoch("sgns")) + 1.0
        self.timer.start()
        self.playing_changed.emit(True)

    def reset(self) -> None:
        """Every panel back to its initial vectors (the same for this seed)."""
        self._reset_by(self.session.reset)

    def new_seed(self) -> None:
        """New initial vectors, pair order and negatives (the next seed)."""
        self._reset_by(lambda: self.session.reseed(self.session.seed + 1))

    def fit_axes(self) -> None:
        """Fit every panel's 2-D axes to its vectors as they are now."""
        self.session.fit_projection()
        self.trained.emit()

    def share_frame(self, frame_s: float, interval_s: float) -> None:
        """Given how long the last frame took (`interval_s`, picture to picture) against
        the `frame_s` wanted, train a quarter less a tick if it was late and a quarter
        more (up to CHUNK_S) if it was on time: on a busy machine, where drawing takes
        longer, training yields and the pictures keep their rate."""
        if interval_s > 1.1 * frame_s:
            self.chunk_s = max(MIN_CHUNK_S, 0.75 * self.chunk_s)
        else:
            self.chunk_s = min(CHUNK_S, 1.25 * self.chunk_s)

    # -- settings, words and files -----------------------------------------------------
    def set_spec(self, spec: EmbeddingSpec) -> None:
        """New settings: learning rates apply from the next step, others start again."""
        if spec != self.spec:
            self._reset_by(lambda: self.session.set_spec(spec))

    def set_word(self, word: str) -> None:
        """Show the neighbours of `word` (a word not in the vocabulary is an error)."""
        if word not in self.session.vocabulary:
            self.error.emit(f"{word!r} is not in the vocabulary of {self.session.corpus.name}")
            return
        if word != self.word:
            self.word = word
            self.word_changed.emit(word)

    def open_corpus(self, path: str | os.PathLike[str]) -> bool:
        """Learn from the corpus at `path`, read here and now (`load_corpus_file` reads it on
        a worker thread); a bad file is reported and the corpus stays."""
        self.cancel_loading()
        try:
            session = EmbeddingSession(load_corpus(path), self.spec, self.session.seed)
        except (BpvizError, ValueError) as problem:
            self.error.emit(str(problem))
            return False
        self._adopt(session, Path(path))
        return True

    def load_corpus_file(self, path: str | os.PathLike[str]) -> None:
        """Open the corpus at `path` on a worker thread: `loading`, `load_progress`, then
        `load_ended`, and the new session arrives whole (`changed`) or `error` says why."""
        self.cancel_loading()
        loader = CorpusLoader(path, self.spec, self.session.seed)
        loader.progress.connect(lambda share: self._progressed(loader, share))
        loader.loaded.connect(lambda session: self._loaded(loader, session))
        loader.failed.connect(lambda message: self._failed(loader, message))
        loader.crashed.connect(lambda error: self._crashed(loader, error))
        self._loader = loader
        self.loading.emit(os.path.basename(os.fspath(path)))
        loader.start()

    def cancel_loading(self) -> None:
        """Stop loading a corpus, if one is loading; the lab stays as it was."""
        if self._loader is not None:
            self._loader.cancel()
            self._loader = None
            self.load_ended.emit()

    def restore(self, session: EmbeddingSession, word: str,
                corpus_path: Path | None = None) -> None:
        """Show a session opened from a file, paused, with `word`'s neighbours (a loading
        corpus is cancelled: the opened session replaces it)."""
        self.cancel_loading()
        self._adopt(session, corpus_path)
        if word in session.vocabulary and word != self.word:
            self.word = word
            self.word_changed.emit(word)

    def export(self, panel: str, path: str | os.PathLike[str]) -> bool:
        """Write the panel's vectors in the word2vec text format."""
        try:
            self.session.export(panel, path)
        except (BpvizError, ValueError, OSError) as problem:
            self.error.emit(str(problem))
            return False
        return True

    def load_start(self, path: str | os.PathLike[str]) -> int | None:
        """Start every panel from the vectors in a word2vec/GloVe text file; how many words
        matched, or None (and `error`) for a bad file, nothing changed."""
        self.pause()
        try:
            matched = self.session.load_start(path)
        except (BpvizError, ValueError) as problem:
            self.error.emit(str(problem))
            return None
        self.changed.emit()
        return matched

    def clear_start(self) -> None:
        """Start from random vectors again."""
        self.session.clear_start()
        self.reset()

    # -- inside ----------------------------------------------------------------------
    def _default_word(self) -> str:
        vocabulary = self.session.vocabulary
        return next((w for w in PREFERRED_WORDS if w in vocabulary), vocabulary.words[0])

    def _adopt(self, session: EmbeddingSession, corpus_path: Path | None) -> None:
        self.pause()
        self.session, self.corpus_path = session, corpus_path
        if self.word not in session.vocabulary:
            self.word = self._default_word()
            self.word_changed.emit(self.word)
        self.changed.emit()

    def _progressed(self, loader: CorpusLoader, share: float) -> None:
        if loader is self._loader:
            self.load_progress.emit(share)

    def _loaded(self, loader: CorpusLoader, session: EmbeddingSession) -> None:
        if loader is not self._loader:
            return  # cancelled, or replaced by a newer load
        self._loader = None
        try:
            if (session.spec, session.seed) != (self.spec, self.session.seed):
                session = EmbeddingSession(session.corpus, self.spec, self.session.seed)
        except BpvizError as problem:
            self.error.emit(str(problem))
        else:
            self._adopt(session, Path(loader.path))
        self.load_ended.emit()

    def _failed(self, loader: CorpusLoader, message: str) -> None:
        if loader is self._loader:
            self._loader = None
            self.load_ended.emit()
            self.error.emit(message)

    def _crashed(self, loader: CorpusLoader, error: BaseException) -> None:
        if loader is self._loader:
            self._loader = None
            self.load_ended.emit()
            raise error  # a bug in loading: the app's guard reports it

    def _reset_by(self, apply: Callable[[], None]) -> bool:
        try:
            apply()
        except (BpvizError, ValueError) as problem:
            self.error.emit(str(problem))
            return False
        self.changed.emit()
        return True

    def _train(self, work: Callable[[], None]) -> None:
        try:
            work()
        except DivergenceError as problem:
            self._stop(problem)
            return
        self.trained.emit()

    def _tick(self) -> None:
        target = self._epoch_target
        try:
            if target is None:
                self.session.train_for(self.chunk_s)
            else:
                deadline = time.monotonic() + self.chunk_s
                while self.session.epoch("sgns") < target and time.monotonic() < deadline:
                    self.session.step(1)
        except DivergenceError as problem:
            self._stop(problem)
            return
        except Exception:
            self.pause()  # a bug: stop rather than fail again every frame
            raise
        self.trained.emit()
        if target is not None and self.session.epoch("sgns") >= target:
            self.pause()

    def _stop(self, problem: DivergenceError) -> None:
        self.pause()
        self.trained.emit()
        title = getattr(problem, "title", "a panel")
        detail = getattr(problem, "detail", str(problem))
        self.diverged.emit(
            f"Training stopped at step {problem.step:,}: {title} diverged ({detail}). "
            f"Every panel is as it was after step {self.session.steps:,}. "
            f"Try a smaller learning rate for {title}.")

