"""The output after every update (J per pass) as a sparkline in the transport bar: falling
while the learning rate suits, a rise marked in red, the pass on show ringed.

pyqtgraph is imported with the first update, so a launch that never updates does not pay
for it; until then the line's place says what will appear there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QWidget

from bpviz.app.palette import error_colour
from bpviz.app.stage_model import StageModel

PLOT_SIZE = (130, 28)
WAITING = "after U"  # where the line will be, until the first update
TIP = ("{output} after every update: it falls while the learning rate suits; a rise (red) "
       "means the step overshot")


class LossHistory(QWidget):
    """The output of every recorded pass of `model`'s lesson against the update count."""

    def __init__(self, model: StageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.plot = None  # a pyqtgraph PlotWidget, made with the first update
        self.summary = ""  # `J per update: 0.8249 → 0.3274`, once there is a line
        self.caption = QLabel()
        self.caption.setObjectName("lossCaption")
        self.area = QStackedWidget()
        self.waiting = QLabel(WAITING)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.area.addWidget(self.waiting)
        self.area.setFixedSize(*PLOT_SIZE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.caption)
        layout.addWidget(self.area)
        model.position_changed.connect(self.refresh)
        model.lesson_changed.connect(self.refresh)
        self.refresh()

    # -- public ----------------------------------------------------------------------

    def shown_points(self) -> tuple[list[float], list[float]]:
        """The points drawn: (update counts, outputs); empty before the first update."""
        if self.plot is None or self.area.currentWidget() is not self.plot:
            return [], []
        xs, ys = self._line.getData()
        return [float(x) for x in xs], [float(y) for y in ys]

    def risen_points(self) -> list[int]:
        """The update counts whose output rose, drawn in red."""
        if self.plot is None or self.area.currentWidget() is not self.plot:
            return []
        xs, _ = self._rises.getData()
        return [round(float(x)) for x in (xs if xs is not None else [])]

    def refresh(self) -> None:
        """Show the model's passes: the plot once there has been an update, else the hint."""
        stepper = self.model.stepper
        output = self.model.lesson.output
        values = stepper.outputs
        self.caption.setText(f"{output} per update")
        if len(values) < 2:
            self.summary = ""
            self.setToolTip(TIP.format(output=output))
            self.area.setCurrentWidget(self.waiting)
            return
        self._ensure_plot()
        counts = list(range(len(values)))
        rises = [count for count in counts[1:] if values[count] > values[count - 1]]
        self._line.setData(counts, values)
        self._rises.setData(rises, [values[count] for count in rises])
        self._here.setData([stepper.cycle], [values[stepper.cycle]])
        self.plot.setXRange(0, max(counts[-1], 1), padding=0.08)
        self.summary = (f"{output} per update: {_short(values[0])} → {_short(values[-1])}"
                        + (" · rose" if rises and rises[-1] == counts[-1] else ""))
        self.setToolTip(f"{self.summary}\n{TIP.format(output=output)}")
        self.plot.setToolTip(self.toolTip())
        self.area.setCurrentWidget(self.plot)

    # -- inside ----------------------------------------------------------------------

    def _ensure_plot(self) -> None:
        if self.plot is not None:
            return
        import pyqtgraph as pg  # only now: it adds a third of a second to a launch

        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        for name in ("left", "bottom"):
            self.plot.hideAxis(name)
        self.plot.getPlotItem().setContentsMargins(2, 3, 2, 3)
        self._line = self.plot.plot([], [], symbol="o", symbolSize=3)
        self._rises = self.plot.plot([], [], pen=None, symbol="o", symbolSize=6)
        self._here = self.plot.plot([], [], pen=None, symbol="o", symbolSize=8)
        self.area.addWidget(self.plot)
        self._paint()

    def _paint(self) -> None:
        """Colours from the palette, so the plot follows the light and dark themes."""
        if self.plot is None:
            return
        import pyqtgraph as pg

        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        red = error_colour(palette)
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        self._line.setPen(pg.mkPen(text, width=1.5))
        self._line.setSymbolPen(pg.mkPen(text))
        self._line.setSymbolBrush(pg.mkBrush(text))
        self._rises.setSymbolPen(pg.mkPen(red))
        self._rises.setSymbolBrush(pg.mkBrush(red))
        self._here.setSymbolPen(pg.mkPen(palette.color(QPalette.ColorRole.Highlight), width=2))
        self._here.setSymbolBrush(pg.mkBrush(None))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._paint()
        super().changeEvent(event)


def _short(value: float) -> str:
    """A loss as the caption writes it: 4 significant digits, `−` for a minus."""
    return f"{value:.4g}".replace("-", "−")
