"""The views a picture can be taken of: the whole window, the page on show, or one view the
page declares (the circuit, the neuron view, the ledger, a lab panel, a plot)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

WINDOW_KEY = "window"
PAGE_KEY = "page"


@dataclass(frozen=True)
class ExportView:
    """One view of a page by its key (`--view KEY`), with the title the dialog shows."""

    key: str
    title: str
    widget: QWidget


def window_views(window: QMainWindow, page) -> list[ExportView]:
    """The whole window, then what `page` declares it can export."""
    return [ExportView(WINDOW_KEY, "The whole window", window), *page.export_views()]


def find_view(views: list[ExportView], key: str) -> ExportView:
    """The view called `key`; KeyError naming the views there are."""
    for view in views:
        if view.key == key:
            return view
    raise KeyError(f"no view called {key!r}; there are {', '.join(v.key for v in views)}")


def bring_forward(widget: QWidget) -> None:
    """Show the dock `widget` sits in, in front of the docks it shares tabs with."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    if parent is not None:
        parent.show()
        parent.raise_()
