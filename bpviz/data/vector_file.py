"""Word vectors in the word2vec text format: an optional header line "V d", then one line
per word, the word and its d numbers separated by spaces (GloVe's files have no header).

Saving writes the header, each number with 9 significant digits (a float32 exactly), all
or nothing (bpviz.data.atomic_write). Loading streams the file and refuses, naming the
line, a row with the wrong number of values, a value that is not a finite number, a word
given twice, or a header that does not match the rows.
"""

from __future__ import annotations

import os
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bpviz.data.atomic_write import write_text_atomically
from bpviz.data.errors import DataFormatError
from bpviz.data.text_file import text_lines

MAX_DIMENSION = 1_000
MAX_ROWS = 2_000_000  # lines of a vector file (GloVe's 6B files have 400,000)
DIGITS = 9  # significant digits written: any float32 comes back exactly


@dataclass(frozen=True)
class WordVectors:
    """`vectors[i]` (float64) is the vector of `words[i]`, in the file's order."""

    words: tuple[str, ...]
    vectors: np.ndarray

    @property
    def dimension(self) -> int:
        return self.vectors.shape[1]


def vectors_text(words: tuple[str, ...] | list[str], vectors: np.ndarray,
                 header: bool = True) -> str:
    """The word2vec text of `vectors` (one row per word), with the "V d" header if `header`."""
    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim != 2 or len(words) != len(vectors):
        raise ValueError(f"{len(words)} words need a {len(words)}×d array, not {vectors.shape}")
    for word in words:
        if not word or any(ch.isspace() for ch in word):
            raise ValueError(f"a word in a vector file has no spaces, not {word!r}")
    lines = [f"{len(words)} {vectors.shape[1]}"] if header else []
    lines += [" ".join([word, *(format(value, f".{DIGITS}g") for value in row)])
              for word, row in zip(words, vectors)]
    return "\n".join(lines) + "\n"


def save_vectors(path: str | os.PathLike[str], words: tuple[str, ...] | list[str],
                 vectors: np.ndarray, header: bool = True) -> Path:
    """Write the vectors to `path` in the word2vec text format, or leave it unchanged."""
    return write_text_atomically(path, vectors_text(words, vectors, header))


def load_vectors(path: str | os.PathLike[str], keep: Container[str] | None = None) -> WordVectors:
    """The vectors in the word2vec or GloVe text file at `path`; with `keep`, only those of
    its words (every row is still checked). A DataFormatError names the line of a bad row."""
    words: list[str] = []
    rows: list[np.ndarray] = []
    seen: set[str] = set()
    dimension: int | None = None
    header: tuple[int, int] | None = None
    data_lines = 0
    with text_lines(path) as lines:
        for number, line in enumerate(lines, start=1):
            fields = line.split()
            if not fields:
                continue  # a blank line (often the last) carries nothing
            if number == 1 and len(fields) == 2 and all(field.isdigit() for field in fields):
                header = _header(path, fields)
                dimension = header[1]
                continue
            data_lines += 1
            if data_lines > MAX_ROWS:
                raise DataFormatError(path, number, f"more than {MAX_ROWS:,} words; "
                                                    "a vector file has at most that many")
            word, values = fields[0], fields[1:]
            if dimension is None:
                dimension = _dimension(path, number, len(values))
            if len(values) != dimension:
                raise DataFormatError(path, number, f"expected {dimension} values after "
                                                    f"{word!r}, found {len(values)}")
            if word in seen:
                raise DataFormatError(path, number, f"the word {word!r} is given twice")
            seen.add(word)
            vector = _numbers(path, number, values)
            if keep is None or word in keep:
                words.append(word)
                rows.append(vector)
    if data_lines == 0:
        raise DataFormatError(path, None, "has no word vectors; each line is a word "
                                          "and its numbers")
    if header is not None and header[0] != data_lines:
        raise DataFormatError(path, 1, f"the header says {header[0]:,} words, "
                                       f"the file has {data_lines:,}")
    assert dimension is not None
    array = np.array(rows, dtype=np.float64).reshape(len(rows), dimension)
    return WordVectors(tuple(words), array)


def _header(path: str | os.PathLike[str], fields: list[str]) -> tuple[int, int]:
    count, dimension = int(fields[0]), int(fields[1])
    if not 1 <= dimension <= MAX_DIMENSION:
        raise DataFormatError(path, 1, f"the header gives {dimension} dimensions; "
                                       f"vectors have 1 to {MAX_DIMENSION:,}")
    return count, dimension


def _dimension(path: str | os.PathLike[str], number: int, found: int) -> int:
    if not 1 <= found <= MAX_DIMENSION:
        raise DataFormatError(path, number, f"a word and 1 to {MAX_DIMENSION:,} numbers "
                                            f"expected, found {found} values")
    return found


def _numbers(path: str | os.PathLike[str], number: int, values: list[str]) -> np.ndarray:
    try:
        vector = np.array([float(value) for value in values])
    except ValueError:
        bad = next(value for value in values if not _is_number(value))
        raise DataFormatError(path, number, f"{bad[:40]!r} is not a number") from None
    if not np.isfinite(vector).all():
        bad = values[int(np.flatnonzero(~np.isfinite(vector))[0])]
        raise DataFormatError(path, number, f"{bad[:40]!r} is not a finite number")
    return vector


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
