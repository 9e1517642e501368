"""The word to look at (typed or picked from the vocabulary) and its nearest neighbours by
cosine in each of the three panels, as the session ranks them, updated while training."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from bpviz.app.labs.boundary.control_widgets import section_title
from bpviz.labs.embedding import PANEL_TITLES, PANELS, EmbeddingSession

COUNT = 8  # neighbours shown per panel
SHORT = {"sgns": "skip-gram", "glove": "GloVe", "simple-glove": "simpler"}


class NeighboursView(QWidget):
    """An editable word box and a table: a row per rank, a column per panel."""

    word_picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.word_box = QComboBox()
        self.word_box.setEditable(True)
        self.word_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.word_box.setToolTip("The word whose nearest neighbours (by cosine) are listed; "
                                 "type one or pick it")
        self.word_box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.word_box.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
        self.word_box.activated.connect(lambda _: self._picked())
        self.word_box.lineEdit().returnPressed.connect(self._picked)
        self.table = QTableWidget(COUNT, len(PANELS))
        self.table.setHorizontalHeaderLabels([SHORT[panel] for panel in PANELS])
        for column, panel in enumerate(PANELS):
            self.table.horizontalHeaderItem(column).setToolTip(PANEL_TITLES[panel])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setMinimumHeight(120)
        font = self.table.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)  # word and cosine fit a third of the column
        self.table.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(section_title("Nearest neighbours"))
        layout.addWidget(self.word_box)
        layout.addWidget(self.table, 1)
        self._words: tuple[str, ...] = ()

    def _picked(self) -> None:
        self.word_picked.emit(self.word_box.currentText().strip())

    def show_vocabulary(self, session: EmbeddingSession, word: str) -> None:
        """List the corpus's words (most frequent first) and show `word`."""
        words = session.vocabulary.words
        if words != self._words:
            self._words = words
            self.word_box.blockSignals(True)
            self.word_box.clear()
            self.word_box.addItems(list(words))
            self.word_box.blockSignals(False)
        self.show_word(word)

    def show_word(self, word: str) -> None:
        """Show `word` in the box without sending it back."""
        self.word_box.blockSignals(True)
        self.word_box.setCurrentIndex(self.word_box.findText(word))
        self.word_box.setEditText(word)
        self.word_box.blockSignals(False)

    def show_neighbours(self, session: EmbeddingSession, word: str) -> None:
        """Each panel's COUNT nearest words to `word`, with their cosines."""
        for column, panel in enumerate(PANELS):
            found = session.neighbours(panel, word, COUNT)
            for row in range(COUNT):
                if row >= len(found):
                    self.table.takeItem(row, column)
                    continue
                neighbour, cosine = found[row]
                text = f"{neighbour}  {cosine:.2f}"
                item = self.table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(row, column, item)
                if item.text() != text:  # only a changed cell is laid out and repainted
                    item.setText(text)
                    item.setToolTip(f"{neighbour}: cosine {cosine:.4f}")

    def shown(self, panel: str) -> list[str]:
        """The words listed for `panel`, closest first (what a user reads)."""
        column = PANELS.index(panel)
        return [self.table.item(row, column).text().rsplit("  ", 1)[0]
                for row in range(self.table.rowCount()) if self.table.item(row, column)]
