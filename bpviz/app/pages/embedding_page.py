"""The word-vector lab as a page: built the first time it is chosen (pyqtgraph and the
corpus's co-occurrence matrix cost a launch that never opens it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from bpviz.app.export.views import ExportView
from bpviz.app.pages.lab_page import LabPage
from bpviz.app.theme import Theme
from bpviz.sessions import EmbeddingPageState, Session, embedding_session


class EmbeddingLabPage(LabPage):
    """Skip-gram, GloVe and simpler GloVe trained side by side on one corpus."""

    name = "embedding"
    menu_title = "&Word vectors"  # W: File, Lesson, View and Help keep their own letters
    can_save = True

    def __init__(self, window: QMainWindow, theme: Theme) -> None:
        super().__init__(window, theme)
        from bpviz.app.labs.embedding.embedding_lab import EmbeddingLab
        from bpviz.app.labs.embedding.embedding_model import EmbeddingModel

        self.lab = EmbeddingLab(EmbeddingModel(parent=window), theme)

    def file_actions(self) -> list[QAction]:
        return self.lab.file_actions()

    def menu_actions(self) -> list[QAction]:
        return self.lab.menu_actions()

    def close(self) -> None:
        super().close()
        self.lab.model.cancel_loading()

    def export_views(self) -> list[ExportView]:
        lab = self.lab
        return [*super().export_views(),
                *(ExportView(panel, f"The {panel} embedding plot", word_map)
                  for panel, word_map in lab.maps.items()),
                ExportView("curves", "The loss, matrices and norms tabs", lab.tabs),
                ExportView("neighbours", "The nearest neighbours", lab.neighbours)]

    def capture_session(self, title: str, notes: dict[int, str], saved_by: str,
                        data_beside: Path | None = None) -> Session:
        # With "data beside" the session links to the corpus's own text file (when the
        # corpus came from one) instead of holding its words.
        model = self.lab.model
        linked = model.corpus_path if data_beside is not None else None
        frames = {panel: word_map.frame() for panel, word_map in self.lab.maps.items()}
        return embedding_session(model.session, model.word, corpus_path=linked,
                                 file_path=data_beside, title=title, notes=notes,
                                 saved_by=saved_by, frames=frames)

    def restore(self, state: EmbeddingPageState) -> None:
        """Show the opened lab, paused, with its word and each map's view as it was."""
        self.lab.model.restore(state.session, state.word, state.corpus_path)
        for panel, (view, zoomed) in (state.frames or {}).items():
            self.lab.maps[panel].show_frame(view, zoomed)

    def changed_signals(self) -> list:
        model = self.lab.model
        return [model.changed, model.trained, model.word_changed]

    def open_corpus(self, path: str) -> None:
        """Learn from the corpus at `path` (the command line's --corpus), read on a thread."""
        self.lab.model.load_corpus_file(path)
