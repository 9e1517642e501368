"""What the word-vector objectives share: a vocabulary with its counts, a seeded start, and
the objective's graph recorded, differentiated and checked like any other model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np

from bpviz.engine import Trace
from bpviz.errors import BpvizError
from bpviz.models.model_graph import ModelGraph
from bpviz.models.word_corpus import WordCounts, count_words

MAX_D = 64  # vector size: enough to see anything, small enough to check
INIT_SCALE = 0.5  # initial vectors ~ N(0, 0.5²): scores of order 1, nothing saturated


def check_d(d: int) -> None:
    """A vector size from 1 to MAX_D, or a BpvizError saying so."""
    if not 1 <= d <= MAX_D:
        raise BpvizError(f"the vector size d must be from 1 to {MAX_D}, not {d}")


def initial_vectors(rng: np.random.Generator, rows: int, d: int) -> np.ndarray:
    """One small random vector per word."""
    return rng.normal(0.0, INIT_SCALE, size=(rows, d))


class PairConfig(Protocol):
    """A configuration naming a centre word c, an outside word o, the vector size d and a seed."""

    @property
    def centre(self) -> str: ...
    @property
    def outside(self) -> str: ...
    @property
    def d(self) -> int: ...
    @property
    def seed(self) -> int: ...


class WordModel:
    """A word-vector objective J over `params`, built by `objective()` as an engine graph.

    Subclasses give `objective(params)`, and say how its variables' gradients map back to
    the parameters (`gradients`) and what `bpviz trace --json` adds to `inputs`.
    """

    counts: WordCounts
    params: dict[str, np.ndarray]

    def objective(self, params: Mapping[str, np.ndarray] | None = None) -> ModelGraph:
        raise NotImplementedError

    def _start_pair(self, config: PairConfig, counts: WordCounts | None) -> np.random.Generator:
        """Keep the counts, find `config`'s c and o, and draw V and U from the seed's
        generator, returned for any further draws (they must come after V and U's)."""
        self.counts = default_counts(counts)
        self.c = self.counts.index(config.centre)
        self.o = self.counts.index(config.outside)
        rng = np.random.default_rng(config.seed)
        size = len(self.counts.vocabulary)
        self.params = {"V": initial_vectors(rng, size, config.d),
                       "U": initial_vectors(rng, size, config.d)}
        return rng

    def loss(self, params: Mapping[str, np.ndarray] | None = None) -> float:
        """J at `params` (the model's own by default), computed by the engine."""
        return self.objective(params).output.item()

    def record(self) -> Trace:
        """The recorded forward and backward pass, for the viewer."""
        return self.objective().trace()

    def gradients(self) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
        """J, ∂J/∂θ for every parameter, and the rows that changed (empty: all of them)."""
        built = self.objective()
        return built.output.item(), built.gradients(), {}

    def json_key(self, label: str) -> str:
        """A variable's key in JSON: its label, in ASCII where the label is not (W̃ → W_tilde)."""
        return label

    def json_inputs(self) -> dict[str, Any]:
        """What `bpviz trace --json` adds to `inputs` beyond the graph's variables."""
        return {}

    def json_extras(self) -> dict[str, Any]:
        """What `bpviz trace --json` adds at the top level (the vocabulary, the words)."""
        return {"vocabulary": list(self.counts.vocabulary)}


def default_counts(counts: WordCounts | None) -> WordCounts:
    """The given counts, or the built-in corpus's."""
    return count_words() if counts is None else counts
