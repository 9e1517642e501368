"""A panel's training and test loss over the epochs, as the session recorded them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bpviz.app.labs.boundary.plot_style import quiet_plot, theme_plot
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.boundary.session import Curve

MIN_EPOCHS = 1.0  # the epoch axis spans at least 0 to this: never a negative epoch


class LossCurves(pg.PlotWidget):
    """Train loss solid, test loss dashed, against (fractional) epochs."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        quiet_plot(self)
        self.theme = theme
        self.train_line = self.plot([], [])
        self.test_line = self.plot([], [])
        self.getPlotItem().showGrid(x=False, y=True, alpha=0.15)
        self.getAxis("left").setWidth(34)
        self.getViewBox().enableAutoRange(x=False)  # epochs: 0 to the latest, set per curve
        self.setXRange(0.0, MIN_EPOCHS, padding=0)
        self._top: float | None = None
        self._shown: Curve | None = None  # the curve drawn, to skip a frame that adds nothing
        self.setMinimumHeight(90)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Lines and axes in `theme`."""
        self.theme = theme
        theme_plot(self, theme)
        self.train_line.setPen(pg.mkPen(theme.text, width=2))
        self.test_line.setPen(pg.mkPen(theme.gradient, width=2, style=Qt.PenStyle.DashLine))

    def set_top(self, top: float) -> None:
        """Show losses from 0 to `top`, so that panels side by side share one scale."""
        if top == self._top:
            return  # the same scale: repainting the axes and lines would show nothing new
        self._top = top
        self.getViewBox().enableAutoRange(y=False)
        self.setYRange(0.0, top, padding=0.02)
        self.getViewBox().updateMatrix()  # see show_curve

    def show_curve(self, curve: Curve) -> None:
        """Draw the curves the session recorded (NaN test losses, with no test set, stay out);
        the curve already drawn is left as it is (the lab evaluates every few frames)."""
        if self._shown is not None and _same_curve(curve, self._shown):
            return
        self._shown = curve
        self.train_line.setData(curve.epochs, curve.train_loss, connect="finite")
        self.test_line.setData(curve.epochs, curve.test_loss, connect="finite")
        latest = float(curve.epochs[-1]) if len(curve.epochs) else 0.0
        self.setXRange(0.0, max(latest, MIN_EPOCHS), padding=0)
        # The new range applied now, not at the paint: applied there, it moves the lines
        # while they are painted, and Qt paints the plot a second time in the same frame.
        self.getViewBox().updateMatrix()


def _same_curve(curve: Curve, shown: Curve) -> bool:
    """Whether `curve` draws exactly as `shown` does (the same epochs and losses)."""
    return all(np.array_equal(getattr(curve, name), getattr(shown, name), equal_nan=True)
               for name in ("epochs", "train_loss", "test_loss"))
