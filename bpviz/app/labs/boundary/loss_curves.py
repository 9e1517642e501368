"""A panel's training and test loss over the epochs, as the session recorded them."""

from __future__ import annotations

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
        self.getViewBox().enableAutoRange(y=False)
        self.setYRange(0.0, top, padding=0.02)

    def show_curve(self, curve: Curve) -> None:
        """Draw the curves the session recorded (NaN test losses, with no test set, stay out)."""
        self.train_line.setData(curve.epochs, curve.train_loss, connect="finite")
        self.test_line.setData(curve.epochs, curve.test_loss, connect="finite")
        latest = float(curve.epochs[-1]) if len(curve.epochs) else 0.0
        self.setXRange(0.0, max(latest, MIN_EPOCHS), padding=0)
