"""What a window sees: (centre, context) pairs for skip-gram, the co-occurrence matrix X
that GloVe fits, and the pointwise mutual information that simpler GloVe fits.

A window never crosses a sentence's end. X is symmetric: each pair of tokens at distance
k ≤ m adds its weight (1, or 1/k with GloVe's distance weighting) to X_ij and to X_ji.
X is kept sparse (its non-zero entries), since a vocabulary of 5,000 words has 25 million
cells and a small corpus fills few of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.data.errors import DataSettingError
from bpviz.data.vocabulary import Encoded

MAX_WINDOW = 10
WEIGHTINGS = ("distance", "flat")  # GloVe's 1/k, or every pair in the window counting 1
MAX_DENSE = 2_000  # words of a dense X or PMI matrix (a heatmap shows a few dozen)
DISTANCE_BITS = 4  # a key's low bits hold the distance k ≤ MAX_WINDOW < 16


def check_window(window: int) -> None:
    """Refuse a window size that is not a whole number from 1 to MAX_WINDOW."""
    if not (isinstance(window, int) and not isinstance(window, bool) and 1 <= window <= MAX_WINDOW):
        raise DataSettingError(f"the window size must be a whole number from 1 to {MAX_WINDOW}, "
                               f"not {window!r}")


def context_pairs(encoded: Encoded, window: int) -> tuple[np.ndarray, np.ndarray]:
    """(centres, contexts): every token paired with each word at most `window` before or
    after it in its sentence, ordered by the centre's position, then by offset −m … −1, 1 … m."""
    check_window(window)
    n = len(encoded)
    offsets = np.array([*range(-window, 0), *range(1, window + 1)], dtype=np.int64)
    positions = np.arange(n, dtype=np.int64)[:, None] + offsets[None, :]  # n × 2m
    inside = (positions >= 0) & (positions < n)
    clipped = np.clip(positions, 0, max(n - 1, 0))
    same = inside & (encoded.sentence[clipped] == encoded.sentence[:, None])
    centres = np.broadcast_to(encoded.ids[:, None], same.shape)[same]
    return centres.astype(np.int32), encoded.ids[clipped[same]].astype(np.int32)


@dataclass(frozen=True)
class Cooccurrence:
    """X's non-zero entries X[rows[e], cols[e]] = values[e], sorted by (row, col), for a
    vocabulary of `size` words."""

    size: int
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    window: int
    weighting: str

    def __len__(self) -> int:
        """How many entries of X are non-zero."""
        return len(self.values)

    @property
    def total(self) -> float:
        """Σ_ij X_ij."""
        return float(self.values.sum())

    def row_sums(self) -> np.ndarray:
        """X_i = Σ_j X_ij for every word (equal to the column sums: X is symmetric)."""
        return np.bincount(self.rows, weights=self.values, minlength=self.size)

    def pmi(self) -> np.ndarray:
        """log(P̃(i,j) / (P̃(i) P̃(j))) at each non-zero entry, with P̃(i,j) = X_ij / Σ X and
        P̃(i) = Σ_j X_ij / Σ X (simpler GloVe's target)."""
        sums = self.row_sums()
        return np.log(self.values * self.total / (sums[self.rows] * sums[self.cols]))

    def dense(self, words: np.ndarray | None = None) -> np.ndarray:
        """X as a matrix over `words` (vocabulary ids; all words when None), zeros included."""
        return self._dense(self.values, words, 0.0)

    def dense_pmi(self, words: np.ndarray | None = None) -> np.ndarray:
        """The PMI as a matrix over `words`; NaN where X_ij = 0 (the PMI is −∞ there)."""
        return self._dense(self.pmi(), words, np.nan)

    def _dense(self, values: np.ndarray, words: np.ndarray | None, empty: float) -> np.ndarray:
        ids = np.arange(self.size) if words is None else np.asarray(words, dtype=np.int64)
        if len(ids) > MAX_DENSE:
            raise DataSettingError(f"a dense matrix has at most {MAX_DENSE:,} words, "
                                   f"not {len(ids):,}")
        where = np.full(self.size, -1, dtype=np.int64)
        where[ids] = np.arange(len(ids))
        r, c = where[self.rows], where[self.cols]
        shown = (r >= 0) & (c >= 0)
        matrix = np.full((len(ids), len(ids)), empty)
        matrix[r[shown], c[shown]] = values[shown]
        return matrix


def cooccurrence(encoded: Encoded, size: int, window: int,
                 weighting: str = "distance") -> Cooccurrence:
    """The co-occurrence matrix X of `encoded` (ids below `size`) for a symmetric window."""
    check_window(window)
    if weighting not in WEIGHTINGS:
        raise DataSettingError(f"the weighting must be one of {', '.join(WEIGHTINGS)}, "
                               f"not {weighting!r}")
    # Each (i, j, k) is one int64 key (i·size + j)·2^DISTANCE_BITS + k: a plain sort groups the
    # cells, and k, kept in the low bits, gives each count its weight without an argsort.
    keys = []
    ids = encoded.ids.astype(np.int64)
    for k in range(1, window + 1):
        same = encoded.sentence[:-k] == encoded.sentence[k:]
        left, right = ids[:-k][same], ids[k:][same]
        keys += [((left * size + right) << DISTANCE_BITS) + k,
                 ((right * size + left) << DISTANCE_BITS) + k]
    ordered = np.sort(np.concatenate(keys)) if keys else np.empty(0, dtype=np.int64)
    cells = ordered >> DISTANCE_BITS
    weights = 1.0 / (ordered & (2 ** DISTANCE_BITS - 1)) if weighting == "distance" \
        else np.ones(len(ordered))
    starts = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]]) if len(cells) else \
        np.empty(0, dtype=np.int64)
    values = np.add.reduceat(weights, starts) if len(starts) else np.empty(0)
    unique = cells[starts]
    return Cooccurrence(size, (unique // size).astype(np.int32), (unique % size).astype(np.int32),
                        values, window, weighting)
