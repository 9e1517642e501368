"""The word-vector lab as a page: built the first time it is chosen (pyqtgraph and the
corpus's co-occurrence matrix cost a launch that never opens it)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from bpviz.app.pages.page import Page
from bpviz.app.theme import Theme


class EmbeddingLabPage(Page):
    """Skip-gram, GloVe and simpler GloVe trained side by side on one corpus."""

    name = "embedding"
    menu_title = "&Word vectors"  # W: File, Lesson, View and Help keep their own letters

    def __init__(self, window: QMainWindow, theme: Theme) -> None:
        super().__init__(window, theme)
        from bpviz.app.labs.embedding.embedding_lab import EmbeddingLab
        from bpviz.app.labs.embedding.embedding_model import EmbeddingModel

        self.lab = EmbeddingLab(EmbeddingModel(parent=window), theme)

    @property
    def widget(self) -> QWidget:
        return self.lab

    def file_actions(self) -> list[QAction]:
        return self.lab.file_actions()

    def menu_actions(self) -> list[QAction]:
        return self.lab.menu_actions()

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.lab.set_theme(theme)

    def set_zoom(self, factor: float) -> None:
        self.lab.set_zoom(factor)

    def deactivate(self) -> None:
        self.lab.model.pause()
        super().deactivate()

    def close(self) -> None:
        self.lab.model.pause()
        self.lab.model.cancel_loading()

    def open_corpus(self, path: str) -> None:
        """Learn from the corpus at `path` (the command line's --corpus), read on a thread."""
        self.lab.model.load_corpus_file(path)
