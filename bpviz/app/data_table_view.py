"""The tables a lesson publishes beside its graph (negative sampling's unigram and ¾-power
distributions, GloVe's counts, P(w|c)), laid out as they come: nothing here computes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from bpviz.app.plain_text import plain
from bpviz.lessons.data_table import DataTable


def published_tables(lesson: object) -> tuple[DataTable, ...]:
    """The tables `lesson` publishes, if it publishes any (the word-vector lessons do)."""
    tables = getattr(lesson, "tables", None)
    return tuple(tables()) if callable(tables) else ()


class DataTableView(QWidget):
    """One table: its title, its cells (word names left, numbers right) and its note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self._label("table-title")
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.note = self._label("table-note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.note)

    @staticmethod
    def _label(name: str) -> QLabel:
        label = plain(QLabel())  # words may come from the user: never read as HTML
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_tables(self, tables: Sequence[DataTable]) -> None:
        """Show the first of `tables` (a lesson publishes one), or nothing."""
        table = tables[0] if tables else None
        self.title.setText(table.title if table else "")
        self.note.setText(table.note if table else "")
        self.table.clear()
        self.table.setColumnCount(len(table.columns) if table else 0)
        self.table.setRowCount(len(table.rows) if table else 0)
        if table is None:
            return
        self.table.setHorizontalHeaderLabels(list(table.columns))
        for row, cells in enumerate(table.rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def lines(self) -> list[str]:
        """The table on show as plain text: title, header, rows `a | b`, note."""
        if not self.table.columnCount():
            return []
        header = [self.table.horizontalHeaderItem(column).text()
                  for column in range(self.table.columnCount())]
        rows = [" | ".join(self.table.item(row, column).text()
                           for column in range(self.table.columnCount()))
                for row in range(self.table.rowCount())]
        return [self.title.text(), " | ".join(header), *rows, self.note.text()]
