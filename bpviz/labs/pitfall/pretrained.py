"""The word vectors the pitfall starts from: simpler GloVe (⟨v_i, v_j⟩ ≈ PMI) trained on the
shipped corpus at d = 2, so the word space is drawn as it is, with no projection.

A few hundred AdaGrad minibatches, well under a second, the same vectors for the same
seed; scaled so that the mean squared length of a vector is 1 (the classifier's scale).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.data.cooccurrence import cooccurrence
from bpviz.data.corpus import shipped_corpus
from bpviz.data.vocabulary import Vocabulary, build_vocabulary, encode
from bpviz.labs.embedding.objectives import simple_glove_loss_and_grads
from bpviz.labs.embedding.sparse import adagrad
from bpviz.labs.embedding.streams import EntryStream
from bpviz.labs.pitfall.seeds import pitfall_rng

D = 2
MIN_COUNT = 2
WINDOW = 2
STEPS = 1000  # about 125 passes over X's 4,000 entries: TV, telly, television end up together
BATCH = 512
LEARNING_RATE = 0.05


@dataclass(frozen=True)
class Pretrained:
    """The vocabulary and its vectors (one row of d = 2 per word)."""

    vocabulary: Vocabulary
    vectors: np.ndarray

    def vector(self, word: str) -> np.ndarray:
        return self.vectors[self.vocabulary.id(word)]


def pretrain(seed: int) -> Pretrained:
    """Simpler GloVe on the shipped corpus from the seed's start and entry order."""
    corpus = shipped_corpus()
    vocabulary = build_vocabulary(corpus, MIN_COUNT)
    X = cooccurrence(encode(corpus, vocabulary), len(vocabulary), WINDOW)
    pmi = X.pmi()
    scale = 0.5 / D
    V = pitfall_rng(seed, "pretrain start").uniform(-scale, scale, (len(vocabulary), D))
    cache = np.ones_like(V)
    entries = EntryStream(len(X), pitfall_rng(seed, "pretrain order"))
    for _ in range(STEPS):
        batch = entries.next(BATCH)
        grads = simple_glove_loss_and_grads(V, X.rows[batch], X.cols[batch], pmi[batch])
        for write in adagrad(V, cache, grads.V, LEARNING_RATE):
            write.apply()
    V /= np.sqrt((V ** 2).sum(axis=1).mean())
    return Pretrained(vocabulary, V)
