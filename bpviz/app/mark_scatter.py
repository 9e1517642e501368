"""A pyqtgraph scatter for marks that are drawn, never clicked."""

from __future__ import annotations

import pyqtgraph as pg


class MarkScatter(pg.ScatterPlotItem):
    """A scatter item that ignores clicks. On a click pyqtgraph wraps every point in a
    SpotItem that refers back to its record: a cycle through a NumPy object array, which
    the garbage collector cannot see, so each click on a scatter later replotted leaked
    all its points (thousands of objects a minute while a class draws points)."""

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 (pyqtgraph's name)
        ev.ignore()  # the plot's own click handler draws; the marks need no hit test
