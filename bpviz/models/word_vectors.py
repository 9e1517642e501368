"""The lookup table L of word vectors, and windows of words as graph nodes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from bpviz.engine import Graph, Node, concat
from bpviz.errors import BpvizError
from bpviz.models.model_graph import ModelGraph


class WordVectors:
    """L: one d-dimensional row per word of the vocabulary, in order of first appearance."""

    def __init__(self, words: Iterable[str], d: int, rng: np.random.Generator) -> None:
        if d < 1:
            raise BpvizError(f"the word-vector size d must be at least 1, not {d}")
        self.vocabulary = tuple(dict.fromkeys(words))
        self.index = {word: row for row, word in enumerate(self.vocabulary)}
        self.L = rng.normal(0.0, 0.5, size=(len(self.vocabulary), d))

    @property
    def d(self) -> int:
        return self.L.shape[1]

    def rows(self, window: Sequence[str]) -> np.ndarray:
        """The row of L of each word of a window."""
        return np.array([self.index[word] for word in window], dtype=np.intp)

    def variables(self, graph: Graph, words: Iterable[str]) -> dict[str, Node]:
        """One variable per distinct word, labelled by the word, holding its row of L."""
        return {word: graph.variable(self.L[self.index[word]], word) for word in dict.fromkeys(words)}

    def scatter(self, word_grads: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """∂J/∂L from each word's gradient, and the rows that received one (a sparse update)."""
        grad = np.zeros_like(self.L)
        rows = np.array(sorted(self.index[word] for word in word_grads), dtype=np.intp)
        for word, word_grad in word_grads.items():
            grad[self.index[word]] += word_grad
        return grad, rows


def gradients_with_table(built: ModelGraph, words: WordVectors
                         ) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """J, ∂J/∂θ with the word variables' gradients gathered into ∂J/∂L, and L's changed rows."""
    grads = built.gradients()
    word_grads = {word: grads.pop(word) for word in words.vocabulary if word in grads}
    grads["L"], rows = words.scatter(word_grads)
    return built.output.item(), grads, {"L": rows}


def word_symbols(words: dict[str, Node]) -> dict[int, str]:
    """Each word variable's name in the lecture: x_museums for the word "museums"."""
    return {node.id: f"x_{word}" for word, node in words.items()}


def window_vector(words: dict[str, Node], window: Sequence[str], label: str) -> Node:
    """x_window = [x_w1; x_w2; …]: the window's word vectors stacked into one column."""
    return concat([words[word] for word in window], label=label)


def check_windows(*windows: Sequence[str], reserved: Iterable[str]) -> None:
    """Windows must be non-empty, of one length, and use no node label of the graph as a word."""
    if any(len(window) == 0 for window in windows):
        raise BpvizError("a window needs at least one word")
    if len({len(window) for window in windows}) > 1:
        lengths = " and ".join(str(len(window)) for window in windows)
        raise BpvizError(f"the windows must have the same number of words, not {lengths}")
    for window in windows:
        for word in window:
            if word in reserved:
                raise BpvizError(f"the word '{word}' clashes with the node {word} of the "
                                 "model's graph; rename it")
