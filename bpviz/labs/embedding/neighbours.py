"""Which words are closest by cosine, and how long each vector is."""

from __future__ import annotations

import numpy as np


def cosine_similarities(vectors: np.ndarray, word: int) -> np.ndarray:
    """cos(x_word, x_j) for every j; 0 against a zero vector."""
    norms = np.linalg.norm(vectors, axis=1)
    dots = vectors @ vectors[word]
    with np.errstate(invalid="ignore", divide="ignore"):
        cosines = dots / (norms * norms[word])
    return np.where(np.isfinite(cosines), cosines, 0.0)


def nearest(vectors: np.ndarray, word: int, count: int = 10) -> list[tuple[int, float]]:
    """The `count` other words with the largest cosine to `word`, closest first (ties by id)."""
    cosines = cosine_similarities(vectors, word)
    order = np.lexsort((np.arange(len(cosines)), -cosines))
    return [(int(j), float(cosines[j])) for j in order if j != word][:count]


def norms(vectors: np.ndarray) -> np.ndarray:
    """‖x_i‖ for every word."""
    return np.linalg.norm(vectors, axis=1)
