"""Data sets as CSV files: a header row, then one `x1,x2,label` row per point.

Blank lines and comment lines (first non-space character '#') may be anywhere.
Fields may be quoted and have spaces around them; a UTF-8 byte order mark and
CRLF line ends are fine. Anything else that is wrong is a DataFormatError that
names the line. Labels are integers or text; they become the class names.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice, repeat
from pathlib import Path

import numpy as np

from bpviz.data.arguments import MAX_POINTS
from bpviz.data.atomic_write import write_text_atomically
from bpviz.data.class_names import ordered_class_names
from bpviz.data.dataset import DEFAULT_HEADER, Dataset
from bpviz.data.errors import DataFormatError
from bpviz.data.text_file import text_lines

MAX_ROWS = MAX_POINTS
MAX_CLASSES = 10
SHOWN_CHARS = 30  # a field quoted in a message is cut to this, so the message stays one short line
# Rows converted at a time: few enough that no single step holds the interpreter for long
# (each column converts in one C call, a few ms for 5,000 rows even on a busy machine, so a
# loading thread leaves the window responsive), many enough to convert in bulk.
BLOCK_ROWS = 5_000

Row = tuple[int, str]  # (1-based line number, the line without surrounding spaces)


def load_csv(path: str | os.PathLike[str],
             progress: Callable[[float], None] | None = None) -> Dataset:
    """The data set in a CSV file, named after the file; its header is kept to write back.

    The file is read and converted a block of rows at a time, so memory grows with the
    rows accepted only, and a file past MAX_ROWS is refused at the first row too many.
    `progress(fraction)`, if given, is called after each block with the share of the file
    read; an exception it raises (to cancel) stops the loading and propagates.
    """
    with text_lines(path) as lines:
        rows = _numbered_rows(lines)
        first = next(rows, None)
        if first is None:
            what = "has only comments and blank lines" if _any_text(path) else "is empty"
            raise DataFormatError(path, None, f"{what}; expected a header such as x1,x2,label "
                                              "and then one row per point")
        header = _header(path, first)
        columns = _Columns(path, _message_names(header))
        for block in _blocks(path, rows):
            columns.add(block)
            if progress is not None:
                progress(lines.fraction())
    if not columns.count:
        raise DataFormatError(path, None, "has a header but no data rows")
    X, class_names, y = columns.finish()
    return Dataset(X, y, class_names, Path(path).stem, header)


def save_csv(dataset: Dataset, path: str | os.PathLike[str],
             header: Sequence[str] | None = None) -> Path:
    """Write `dataset` so that `load_csv` reads it back exactly; `header` defaults to its own.

    The file is replaced whole or not at all (see atomic_write). UTF-8 without a byte
    order mark, LF line ends, features as `repr(float)` (which reads back to the same
    float), labels as class names. The classes read back are the same, in the same
    order, when every class has a point and `class_names` are in the order loading
    gives (integers by value, text by first appearance), as in any data set that was
    loaded or generated.
    """
    dataset = dataset if header is None else replace(dataset, header=tuple(header))
    if all(_is_number(name) for name in dataset.header[:2]):
        raise ValueError(f"the first two header names must not be numbers (a file starting "
                         f"with numbers reads as having no header), got {dataset.header}")
    labels = [_quoted(name) for name in dataset.class_names]
    lines = [",".join(_quoted(name, first=k == 0) for k, name in enumerate(dataset.header))]
    lines.extend(f"{x1!r},{x2!r},{labels[label]}"
                 for (x1, x2), label in zip(dataset.X.tolist(), dataset.y.tolist()))
    # All or nothing: a full disk leaves an older file at `path` as it was.
    return write_text_atomically(path, "\n".join(lines) + "\n")


def _numbered_rows(lines: Iterable[str]) -> Iterator[Row]:
    """Every line that is neither blank nor a comment, stripped, with its line number."""
    return ((number, stripped) for number, line in enumerate(lines, 1)
            if (stripped := line.strip()) and stripped[0] != "#")


def _any_text(path: str | os.PathLike[str]) -> bool:
    """Whether a file without rows has anything but spaces (comments): only for the message."""
    with text_lines(path) as lines:
        return any(line.strip() for line in lines)


def _blocks(path: str | os.PathLike[str], rows: Iterator[Row]) -> Iterator[list[Row]]:
    """The data rows, BLOCK_ROWS at a time; the row past MAX_ROWS is refused as it is read."""
    accepted = 0
    while block := list(islice(rows, min(BLOCK_ROWS, MAX_ROWS + 1 - accepted))):
        accepted += len(block)
        if accepted > MAX_ROWS:
            raise DataFormatError(path, block[-1][0], f"more than {MAX_ROWS:,} data rows; "
                                                      f"at most {MAX_ROWS:,} points can be loaded")
        yield block


class _Columns:
    """The features and class codes of the rows read so far, converted a block at a time."""

    def __init__(self, path: str | os.PathLike[str], names: tuple[str, str, str]) -> None:
        self.path, self.names = path, names
        self.features: list[np.ndarray] = []
        self.codes: list[np.ndarray] = []
        self.labels: dict[str, int] = {}  # each label's code: the order it first appears in
        self.count = 0

    def add(self, rows: list[Row]) -> None:
        """Convert `rows`; the first wrong row (or an 11th class) raises a DataFormatError."""
        # The fast path checks in bulk; when it finds anything wrong the row-by-row
        # path runs instead, which is the reference and reports the first bad line.
        X, labels = (_parse_fast(self.path, rows)
                     or _parse_by_row(self.path, rows, self.names))
        known = self.labels
        for label in dict.fromkeys(labels):
            if label not in known:
                if len(known) == MAX_CLASSES:
                    raise DataFormatError(self.path, rows[labels.index(label)][0],
                                          f"label {_shown(label)} would be class "
                                          f"{MAX_CLASSES + 1}; at most {MAX_CLASSES} classes "
                                          "are allowed")
                known[label] = len(known)
        self.features.append(X)
        self.codes.append(np.fromiter(map(known.__getitem__, labels), np.int64, len(labels)))
        self.count += len(rows)

    def finish(self) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
        """All features, the class names in order and each row's class index."""
        first_seen = list(self.labels)
        if len(first_seen) < 2:
            raise DataFormatError(self.path, None,
                                  f"needs at least 2 classes, found only {_shown(first_seen[0])}")
        class_names = ordered_class_names(first_seen)
        position = {name: k for k, name in enumerate(class_names)}
        order = np.array([position[name] for name in first_seen], dtype=np.int64)
        X = np.concatenate(self.features)
        y = order[np.concatenate(self.codes)]
        self.features, self.codes = [], []
        return X, class_names, y


def _fields(path: str | os.PathLike[str], row: Row) -> list[str]:
    number, text = row
    if '"' not in text:
        return text.split(",")
    # The csv module reads quotes; an odd number of them means one is never closed.
    if text.count('"') % 2:
        raise DataFormatError(path, number, "a quoted field is not closed (a '\"' is missing)")
    try:
        return next(csv.reader([text], skipinitialspace=True))
    except csv.Error as error:
        raise DataFormatError(path, number, f"is not a valid CSV row ({error})") from None


def _header(path: str | os.PathLike[str], row: Row) -> tuple[str, str, str]:
    fields = [field.strip() for field in _fields(path, row)]
    if len(fields) != 3:
        raise DataFormatError(path, row[0], f"expected a header of 3 fields "
                                            f"({', '.join(DEFAULT_HEADER)}), found {len(fields)}")
    if _is_number(fields[0]) and _is_number(fields[1]):
        raise DataFormatError(path, row[0], "expected a header naming the columns, such as "
                                            "x1,x2,label, found a row of data")
    return fields[0], fields[1], fields[2]


def _message_names(header: tuple[str, str, str]) -> tuple[str, str, str]:
    """The names errors use for the columns: the header's, or x1, x2, label where it has none."""
    return tuple(name or default for name, default in zip(header, DEFAULT_HEADER))


def _parse_fast(path: str | os.PathLike[str],
                rows: list[Row]) -> tuple[np.ndarray, list[str]] | None:
    """Features and labels converted column by column, or None if any row is wrong."""
    columns = _unquoted_columns(rows) or _quoted_columns(path, rows)
    if columns is None:
        return None
    x1, x2, labels = columns
    try:
        # float() is the reference conversion, so both paths accept the same numbers.
        X = np.column_stack([np.fromiter(map(float, column), np.float64, len(rows))
                             for column in (x1, x2)])
    except ValueError:
        return None
    labels = [label.strip() for label in labels]
    if not (np.isfinite(X).all() and all(labels)):
        return None
    return X, labels


def _unquoted_columns(rows: list[Row]) -> tuple[list[str], list[str], list[str]] | None:
    """The three columns of rows without quotes, each row having exactly two commas; None
    otherwise. One split of the whole block: no list per row, which the garbage collector
    would otherwise traverse again and again, holding the interpreter (a frozen window)."""
    texts = [text for _, text in rows]
    commas = np.fromiter(map(str.count, texts, repeat(",")), np.int64, len(texts))
    if (commas != 2).any():
        return None
    joined = ",".join(texts)
    if '"' in joined:
        return None
    fields = joined.split(",")
    return fields[0::3], fields[1::3], fields[2::3]


def _quoted_columns(path: str | os.PathLike[str],
                    rows: list[Row]) -> tuple[list[str], list[str], list[str]] | None:
    """The three columns of rows that may quote their fields, or None if any row is wrong."""
    try:
        split = [_fields(path, row) for row in rows]
    except DataFormatError:
        return None
    if any(len(fields) != 3 for fields in split):
        return None
    return tuple(map(list, zip(*split)))


def _parse_by_row(path: str | os.PathLike[str], rows: list[Row],
                  names: tuple[str, str, str]) -> tuple[np.ndarray, list[str]]:
    """Features and labels row by row; the first wrong row raises a DataFormatError."""
    X, labels = np.empty((len(rows), 2)), []
    for index, row in enumerate(rows):
        fields = _fields(path, row)
        if len(fields) != 3:
            raise DataFormatError(path, row[0], f"expected 3 fields ({', '.join(names)}), "
                                                f"found {len(fields)}")
        X[index] = [_feature(path, row[0], name, field) for name, field in zip(names[:2], fields)]
        labels.append(fields[2].strip())
        if not labels[-1]:
            raise DataFormatError(path, row[0], f"{names[2]} is empty, expected a class label")
    return X, labels


def _feature(path: str | os.PathLike[str], line: int, name: str, field: str) -> float:
    text = field.strip()
    if not text:
        raise DataFormatError(path, line, f"{name} is empty, expected a number")
    try:
        value = float(text)
    except ValueError:
        raise DataFormatError(path, line, f"{name} is {_shown(text)}, expected a number") from None
    if not math.isfinite(value):
        raise DataFormatError(path, line, f"{name} is {_shown(text)}, expected a finite number")
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _shown(text: str) -> str:
    """`text` quoted for a message, shortened if long."""
    if len(text) > SHOWN_CHARS:
        text = text[:SHOWN_CHARS - 1] + "…"
    return repr(text)


def _quoted(field: str, first: bool = False) -> str:
    """`field` as a CSV field that reads back as itself; a first field starting '#' is quoted
    so that its line is not taken for a comment."""
    if any(char in field for char in ',"') or (first and field.startswith("#")):
        return '"' + field.replace('"', '""') + '"'
    return field
