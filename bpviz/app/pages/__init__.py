"""The main window's pages, registered once: the catalog names a lesson's page, and the
window builds that page the first time it is chosen. Adding a page is one entry here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow

from bpviz.app.pages.page import Page
from bpviz.app.theme import Theme


def _boundary_lab(window: QMainWindow, theme: Theme) -> Page:
    from bpviz.app.pages.boundary_page import BoundaryLabPage  # pyqtgraph: only when shown

    return BoundaryLabPage(window, theme)


def _embedding_lab(window: QMainWindow, theme: Theme) -> Page:
    from bpviz.app.pages.embedding_page import EmbeddingLabPage  # pyqtgraph: only when shown

    return EmbeddingLabPage(window, theme)


def _pitfall(window: QMainWindow, theme: Theme) -> Page:
    from bpviz.app.pages.pitfall_page import PitfallPage  # pyqtgraph: only when shown

    return PitfallPage(window, theme)


# Page name (LessonEntry.page) → how to build it. The stage is built with the window.
LAZY_PAGES: dict[str, Callable[[QMainWindow, Theme], Page]] = {
    "lab": _boundary_lab, "embedding": _embedding_lab, "pitfall": _pitfall}

__all__ = ["LAZY_PAGES", "Page"]
