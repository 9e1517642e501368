"""File → Export ledger: the whole pass's chain-rule ledger written as a handout (Markdown
with LaTeX math, or plain text), with the session's title and the teacher's notes beside
their steps. bpviz.lessons.ledger_handout writes it; this only asks where."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from bpviz.app.pages.stage_page import window_action
from bpviz.app.plain_text import show_warning

if TYPE_CHECKING:
    from bpviz.app.pages.stage_page import StagePage

MARKDOWN_FILTER = "Markdown with LaTeX math (*.md)"
TEXT_FILTER = "Plain text (*.txt)"
FILTERS = f"{MARKDOWN_FILTER};;{TEXT_FILTER}"


class LedgerExport:
    """The Export ledger action of the stage page; `last_path` is where it last wrote."""

    def __init__(self, window: QMainWindow, page: StagePage) -> None:
        self.window, self.page = window, page
        self.last_path: Path | None = None
        self.action = window_action(
            window, "Export &ledger…", self.export_dialog, "",
            "Write the whole pass's chain-rule ledger, every number and shape, as Markdown "
            "with LaTeX math or as plain text (with the session's notes)")

    def actions_for(self, page: object) -> list[QAction]:
        """What the File menu lists for `page`: Export ledger on the stage, else nothing."""
        return [self.action] if page is self.page else []

    def export_dialog(self) -> None:
        """Ask for a file, then write the handout there (in practice, after a warning that
        it holds every answer)."""
        from bpviz.lessons.ledger_handout import MARKDOWN, SUFFIXES, TEXT  # at the first export

        if self.page.practice.active and not self._answers_may_show():
            return
        start = str(self.last_path or Path.home() / f"{self.page.entry.key}-ledger.md")
        chosen, chosen_filter = QFileDialog.getSaveFileName(self.window, "Export ledger",
                                                            start, FILTERS)
        if not chosen:
            return
        path = Path(chosen)
        kind = TEXT if chosen_filter == TEXT_FILTER else MARKDOWN
        if path.suffix.lower() not in SUFFIXES:
            path = path.with_name(path.name + (".txt" if kind == TEXT else ".md"))
        self.export_to(path, SUFFIXES.get(path.suffix.lower(), kind))

    def _answers_may_show(self) -> bool:
        answer = QMessageBox.question(
            self.window, "Export ledger",
            "Practice is on, and the handout holds the whole pass: every gradient the "
            "practice asks for, answered. Export it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def export_to(self, path: str | os.PathLike[str], kind: str | None = None) -> bool:
        """Write the ledger of the lesson on stage to `path` (atomically); a failure is
        reported in the window and whatever was at `path` stays as it was."""
        from bpviz.data.errors import FileWriteError  # bpviz.data: loaded at the first export
        from bpviz.lessons.ledger_handout import lesson_heading, write_handout  # likewise

        page = self.page
        try:
            ledger = page.ledger.ledger()
            heading = lesson_heading(page.model.lesson, page.entry.title, ledger.trace)
            write_handout(path, ledger, kind, heading=heading, title=page.notes.title,
                          notes=page.notes.by_step)
        except FileWriteError as error:
            message = f"The ledger was not exported: {error}"
            self.window.show_error(message)
            show_warning(self.window, "Export ledger", message)  # the file name as typed
            return False
        self.last_path = Path(path)
        self.window.show_error(f"Exported the ledger to {Path(path).name}")
        return True
