"""A small table of numbers a model publishes beside its graph (the unigram and noise
distributions of negative sampling), already written out: the app only lays it out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataTable:
    """A titled table: column headers, rows of cell texts, and a note under it."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    gives: tuple[str, ...] = ()  # labels of the nodes whose gradient the note works out

    def lines(self) -> list[str]:
        """The table as plain text lines, `a | b | c`."""
        return [self.title, " | ".join(self.columns),
                *(" | ".join(row) for row in self.rows), *([self.note] if self.note else [])]
