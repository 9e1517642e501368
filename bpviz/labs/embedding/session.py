"""The embedding lab without a window: skip-gram with negative sampling, GloVe and simpler
GloVe trained side by side on one corpus from one seed, and everything the lab draws.

All three panels start from the same vectors (d × vocabulary, uniform in ±0.5/d as in
word2vec and GloVe). A step is one batch for each panel: skip-gram's next `batch_size`
(centre, context) pairs with K negatives each, and the GloVe panels' next `batch_size`
non-zero entries of X (the same entries for both). A step is all or nothing: if any
panel's new values would not be finite, none is written and DivergenceError names it.
Reproducible: the same corpus, settings and seed train the same vectors bit for bit,
however the steps are split into chunks.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import time
from pathlib import Path

import numpy as np

from bpviz.data.cooccurrence import Cooccurrence, cooccurrence
from bpviz.data.corpus import Corpus
from bpviz.data.errors import DataSettingError
from bpviz.data.vector_file import WordVectors, load_vectors, save_vectors
from bpviz.data.vocabulary import Encoded, Vocabulary, build_vocabulary, encode
from bpviz.labs.embedding.curves import LossCurve, LossRecorder, RecorderState
from bpviz.labs.embedding.neighbours import nearest, norms
from bpviz.labs.embedding.panels import GlovePanel, Highlight, SgnsPanel, SimpleGlovePanel
from bpviz.labs.embedding.projection import Projection, fit_projection, variance_shown
from bpviz.labs.embedding.seeds import embedding_rng
from bpviz.labs.embedding.settings import CORPUS, LIVE, EmbeddingSpec
from bpviz.labs.embedding.sparse import RowWrite
from bpviz.labs.embedding.streams import (
    EntryState, EntryStream, PairState, PairStream, has_pairs, noise_sampler,
)
from bpviz.training.choices import require
from bpviz.training.divergence import DivergenceError

PANELS = ("sgns", "glove", "simple-glove")
PANEL_TITLES = {"sgns": "skip-gram (negative sampling)", "glove": "GloVe",
                "simple-glove": "simpler GloVe"}
LOSS_PANELS = ("glove", "simple-glove")  # whose J over all of X can be computed exactly


@dataclasses.dataclass(frozen=True)
class CorpusData:
    """What the panels learn from, built from a corpus and the corpus settings."""

    corpus: Corpus
    vocabulary: Vocabulary
    encoded: Encoded
    cooccurrence: Cooccurrence


@dataclasses.dataclass(frozen=True)
class EmbeddingState:
    """Everything an EmbeddingSession's training has changed, copied (for a session file):
    each panel's arrays (tables and AdaGrad's caches), where each data stream is and the
    negatives' generator, the loss curves, the fixed 2-D axes, the latest highlight, the
    step count and the loaded starting vectors. The corpus, settings and seed are the
    session's own (`corpus`, `spec`, `seed`)."""

    steps: int
    arrays: dict[str, dict[str, np.ndarray]]
    pairs: PairState
    entries: EntryState
    negatives_rng: np.random.Generator
    curves: dict[str, RecorderState]
    projections: dict[str, Projection]
    highlight: Highlight | None
    start: WordVectors | None


def corpus_data(corpus: Corpus, spec: EmbeddingSpec) -> CorpusData:
    """The vocabulary, the encoded tokens and X of `corpus` under `spec`."""
    vocabulary = build_vocabulary(corpus, spec.min_count, spec.max_words)
    encoded = encode(corpus, vocabulary)
    X = cooccurrence(encoded, len(vocabulary), spec.window, spec.weighting)
    return CorpusData(corpus, vocabulary, encoded, X)


class EmbeddingSession:
    """The three panels (PANELS) on one corpus: train them in chunks, and read what to draw."""

    def __init__(self, corpus: Corpus, spec: EmbeddingSpec = EmbeddingSpec(),
                 seed: int = 0) -> None:
        self.spec, self.seed = spec, seed
        self._start: WordVectors | None = None
        self.set_corpus(corpus)

    # -- data ----------------------------------------------------------------------------
    @property
    def corpus(self) -> Corpus:
        return self.data.corpus

    @property
    def vocabulary(self) -> Vocabulary:
        return self.data.vocabulary

    @property
    def cooccurrence(self) -> Cooccurrence:
        """X for the current window and weighting (sparse; `.dense(ids)` for a heatmap)."""
        return self.data.cooccurrence

    def set_corpus(self, corpus: Corpus) -> None:
        """Learn from `corpus` from the start. All or nothing: a corpus that cannot be used
        (too few words at the minimum count, no two words in a sentence) raises a BpvizError
        and the session stays exactly as it was."""
        data = corpus_data(corpus, self.spec)
        self._check_streams(data, self.spec)
        self.data = data
        self.reset()

    def set_spec(self, spec: EmbeddingSpec) -> None:
        """New settings. Learning rates apply from the next step; any other change starts
        again (a new vocabulary or window rebuilds X). All or nothing, as `set_corpus`."""
        changed = spec.changed(self.spec)
        if not changed:
            return
        if changed <= set(LIVE):
            self.spec = spec
            return
        data = corpus_data(self.corpus, spec) if changed & set(CORPUS) else self.data
        self._check_streams(data, spec)
        self.spec, self.data = spec, data
        self.reset()

    def reseed(self, seed: int) -> None:
        """A new seed: new initial vectors, pair order, negatives and entry order."""
        self.seed = seed
        self.reset()

    # -- state ---------------------------------------------------------------------------
    def reset(self) -> None:
        """Every panel back to its initial vectors (the same each time for this seed, with
        the loaded starting vectors if any), fresh data order, no history, axes refitted."""
        n, d, seed = len(self.vocabulary), self.spec.dimension, self.seed
        scale = 0.5 / d
        init, context = embedding_rng(seed, "init"), embedding_rng(seed, "init context")
        start = init.uniform(-scale, scale, (n, d))
        if self._start is not None:
            self._apply_start(start, self._start)
        tilde = context.uniform(-scale, scale, (n, d))
        biases = context.uniform(-scale, scale, (2, n))
        X = self.cooccurrence
        self.panels = {
            "sgns": SgnsPanel(start),
            "glove": GlovePanel(start, tilde, biases[0], biases[1], X, self.spec.x_max,
                                self.spec.alpha),
            "simple-glove": SimpleGlovePanel(start, X),
        }
        self._pairs = PairStream(self.data.encoded, self.vocabulary, self.spec.window,
                                 self.spec.subsample, embedding_rng(seed, "subsample"),
                                 embedding_rng(seed, "pair order"))
        self._entries = EntryStream(len(X), embedding_rng(seed, "entry order"))
        self._negatives = embedding_rng(seed, "negatives")
        self._draw = noise_sampler(self.vocabulary.noise(), self._negatives)
        self._curves = {panel: LossRecorder() for panel in PANELS}
        self._highlight: Highlight | None = None
        self.steps = 0
        self.fit_projection()

    def snapshot(self) -> EmbeddingState:
        """A copy of everything training has changed: with the same corpus, settings and
        seed, `restore` of it trains on bit for bit as this session would."""
        return EmbeddingState(
            self.steps,
            {name: {key: array.copy() for key, array in panel.arrays().items()}
             for name, panel in self.panels.items()},
            self._pairs.snapshot(), self._entries.snapshot(), copy.deepcopy(self._negatives),
            {name: recorder.snapshot() for name, recorder in self._curves.items()},
            dict(self._projections), self._highlight, self._start)

    def restore(self, state: EmbeddingState) -> None:
        """Take up training where `state` (of a session on the same corpus, settings and
        seed) left it. All or nothing: ValueError says what does not fit, and nothing
        changes (shapes, finite values, ids within the vocabulary, the streams' places)."""
        self._check_state(state)
        recorders = {name: LossRecorder.restored(state.curves[name]) for name in PANELS}
        for name, panel in self.panels.items():
            for key, array in panel.arrays().items():
                np.copyto(array, state.arrays[name][key])
        self._pairs.restore(state.pairs)
        self._entries.restore(state.entries)
        self._negatives.bit_generator.state = state.negatives_rng.bit_generator.state
        self._curves, self._projections = recorders, dict(state.projections)
        self._highlight, self._start, self.steps = state.highlight, state.start, state.steps

    def _check_state(self, state: EmbeddingState) -> None:
        if state.steps < 0:
            raise ValueError("a negative number of steps")
        n, d = len(self.vocabulary), self.spec.dimension
        for name, panel in self.panels.items():
            saved = state.arrays.get(name, {})
            for key, array in panel.arrays().items():
                value = saved.get(key)
                if value is None or value.shape != array.shape or value.dtype != array.dtype:
                    raise ValueError(f"{name}: {key} of shape {list(array.shape)} expected")
                if not np.isfinite(value).all() or (key.startswith("cache") and
                                                    not (value > 0).all()):
                    raise ValueError(f"{name}: {key} holds numbers training cannot go on from")
            projection = state.projections.get(name)
            if projection is None or projection.mean.shape != (d,) \
                    or projection.axes.shape != (2, d):
                raise ValueError(f"{name}: axes for vectors of {d} numbers expected")
        self._pairs.check(state.pairs)
        self._entries.check(state.entries)
        for name in PANELS:
            LossRecorder.restored(state.curves[name])  # raises if it cannot be
        highlight = state.highlight
        if highlight is not None and not (
                0 <= highlight.centre < n and 0 <= highlight.context < n
                and ((highlight.negatives >= 0) & (highlight.negatives < n)).all()):
            raise ValueError("the highlighted words are not in the vocabulary")

    def epoch(self, panel: str = "sgns") -> float:
        """Passes over the panel's data (pairs, or X's entries), fractional."""
        return (self._pairs if _panel(panel) == "sgns" else self._entries).epoch

    @property
    def highlight(self) -> Highlight | None:
        """Skip-gram's latest centre, context and negatives with their pull and pushes."""
        return self._highlight

    # -- training ------------------------------------------------------------------------
    def step(self, batches: int = 1) -> None:
        """`batches` steps of all three panels. Raises DivergenceError (`.panel` says which)
        with every panel as before that step; its batches are used up."""
        for _ in range(batches):
            self._step_once()

    def run_epoch(self) -> None:
        """Step until skip-gram's current epoch of pairs is used up (at least one step)."""
        self.step()
        while not self._pairs.at_end:
            self.step()

    def train_for(self, seconds: float, most: int = 100_000) -> int:
        """Step for about `seconds` (at least one step, at most `most`); how many were taken.
        Only the count depends on the clock: the vectors after N steps are always the same."""
        deadline = time.monotonic() + seconds
        taken = 0
        while taken < most:
            self._step_once()
            taken += 1
            if time.monotonic() >= deadline:
                break
        return taken

    def _step_once(self) -> None:
        spec, step = self.spec, self.steps + 1
        centres, contexts = self._pairs.next(spec.batch_size)
        negatives = self._draw((len(centres), spec.negatives))
        entries = self._entries.next(spec.batch_size)
        with np.errstate(over="ignore", invalid="ignore"):  # refused below, by name
            sgns_loss, sgns_writes, highlight = self.panels["sgns"].prepare(
                centres, contexts, negatives, spec.sgns_lr)
            glove_loss, glove_writes = self.panels["glove"].prepare(entries, spec.glove_lr)
            simple_loss, simple_writes = self.panels["simple-glove"].prepare(entries,
                                                                             spec.simple_lr)
        results = {"sgns": (sgns_loss, sgns_writes, len(centres)),
                   "glove": (glove_loss, glove_writes, len(entries)),
                   "simple-glove": (simple_loss, simple_writes, len(entries))}
        for panel, (loss, writes, _) in results.items():
            self._check(panel, step, loss, writes)
        for panel, (loss, writes, size) in results.items():
            for write in writes:
                write.apply()
            self._curves[panel].append(step, loss / size)
        self._highlight = highlight
        self.steps = step

    def _check(self, panel: str, step: int, loss: float, writes: list[RowWrite]) -> None:
        tables = self.panels[panel].tables()
        named = [(name, write) for write in writes for name, table in tables.items()
                 if table is write.table]  # a table's values, named, before AdaGrad's caches
        for name, write in [*named, *(("AdaGrad's cache", write) for write in writes)]:
            if not write.finite():
                raise _diverged(panel, step, f"the new values of {name} are not finite",
                                name, self.steps)
        if not np.isfinite(loss):
            raise _diverged(panel, step, "the loss J is not finite", "J", self.steps)

    # -- what the lab draws ----------------------------------------------------------------
    def vectors(self, panel: str) -> np.ndarray:
        """The panel's word vectors (V, W or V; vocabulary × d), read-only, live."""
        view = self.panels[_panel(panel)].vectors.view()
        view.setflags(write=False)
        return view

    def projection(self, panel: str) -> Projection:
        """The panel's fixed 2-D axes (fitted at reset, or by `fit_projection`)."""
        return self._projections[_panel(panel)]

    def points(self, panel: str) -> np.ndarray:
        """The panel's vectors through its fixed axes: vocabulary × 2."""
        return self.projection(panel)(self.vectors(panel))

    def fit_projection(self, panel: str | None = None) -> None:
        """Fit the axes to the panel's vectors as they are now (every panel's if None); they
        stay until fitted again, so that later motion on screen is motion in space."""
        if panel is None:
            self._projections = {name: fit_projection(self.panels[name].vectors)
                                 for name in PANELS}
        else:
            self._projections[_panel(panel)] = fit_projection(self.panels[panel].vectors)

    def variance_shown(self, panel: str) -> float:
        """The share of the panel's vectors' spread its fixed axes show now (axes fitted to
        random starting vectors show little of what training builds: offer a re-fit)."""
        return variance_shown(self.projection(panel), self.vectors(panel))

    def word_ids(self, words: list[str] | tuple[str, ...]) -> np.ndarray:
        """The vocabulary ids of `words` (for `cooccurrence.dense(ids)` and `.dense_pmi(ids)`);
        a word not in the vocabulary is a DataSettingError naming it."""
        return np.array([self.vocabulary.id(word) for word in words], dtype=np.int64)

    def neighbours(self, panel: str, word: str, count: int = 10) -> list[tuple[str, float]]:
        """The `count` words nearest to `word` by cosine, with their cosines, closest first."""
        words = self.vocabulary.words
        return [(words[j], cosine) for j, cosine in
                nearest(self.vectors(panel), self.vocabulary.id(word), count)]

    def norms(self, panel: str) -> tuple[np.ndarray, np.ndarray]:
        """(counts, ‖vector‖) for every word: the stop-word effect is in this scatter."""
        return self.vocabulary.counts, norms(self.vectors(panel))

    def curve(self, panel: str) -> LossCurve:
        """The panel's loss after each step (mean per pair or entry of its batch)."""
        return self._curves[_panel(panel)].curve()

    def full_loss(self, panel: str) -> float:
        """J over all of X (the GloVe panels only; skip-gram's draws its negatives)."""
        require("panel", panel, panel in LOSS_PANELS, f"one of {', '.join(LOSS_PANELS)}")
        return self.panels[panel].full_loss()

    # -- files ---------------------------------------------------------------------------
    def export(self, panel: str, path: str | os.PathLike[str]) -> Path:
        """Write the panel's vectors in the word2vec text format, all or nothing."""
        return save_vectors(path, self.vocabulary.words, self.vectors(panel))

    def load_start(self, path: str | os.PathLike[str]) -> int:
        """Start every panel from the vectors in a word2vec or GloVe text file, for the
        words it has (the others start as usual), d taken from the file; returns how many
        words matched. All or nothing: a bad file raises DataFormatError, nothing changes."""
        loaded = load_vectors(path, keep=self.vocabulary.index)
        spec = self.spec
        if loaded.dimension != spec.dimension:
            spec = dataclasses.replace(spec, dimension=loaded.dimension)  # checks the range
        self._start, self.spec = loaded, spec
        self.reset()
        return len(loaded.words)

    def clear_start(self) -> None:
        """Start from random vectors again (from the next reset)."""
        self._start = None

    def _apply_start(self, table: np.ndarray, start: WordVectors) -> None:
        index = self.vocabulary.index
        for word, vector in zip(start.words, start.vectors):
            row = index.get(word)
            if row is not None and len(vector) == table.shape[1]:
                table[row] = vector

    @staticmethod
    def _check_streams(data: CorpusData, spec: EmbeddingSpec) -> None:
        """Refuse data a panel could not learn from (before anything is replaced)."""
        if not has_pairs(data.encoded):
            raise DataSettingError("no two words of the corpus share a sentence, so skip-gram "
                                   "has no (centre, context) pairs to learn from")


def _diverged(panel: str, step: int, detail: str, node: str, restored_to: int) -> DivergenceError:
    title = PANEL_TITLES[panel]
    error = DivergenceError(step, f"{title}: {detail}", node, restored_to)
    error.panel, error.title, error.detail = panel, title, detail
    return error


def _panel(panel: str) -> str:
    require("panel", panel, panel in PANELS, f"one of {', '.join(PANELS)}")
    return panel
