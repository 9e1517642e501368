"""Vector norms against word frequency for the three panels: GloVe's biases let frequent
words (stop words) grow long vectors, simpler GloVe's single table does not."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from bpviz.app.labs.boundary.plot_style import faded, quiet_plot, theme_plot
from bpviz.app.labs.embedding.panel_colours import panel_colours
from bpviz.app.mark_scatter import MarkScatter
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.embedding import PANEL_TITLES, PANELS, EmbeddingSession


class NormsPlot(pg.PlotWidget):
    """‖vector‖ against the word's count (log scale), one colour per panel."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        quiet_plot(self)
        self.setLabel("bottom", "count in the corpus")
        self.setLabel("left", "‖vector‖")
        self.legend = self.addLegend(offset=(-10, 10))
        self.scatters = {}
        for panel in PANELS:
            scatter = MarkScatter(size=5, pxMode=True, name=PANEL_TITLES[panel])
            self.addItem(scatter)
            self.scatters[panel] = scatter
        self.setMinimumHeight(110)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Points and axes in `theme`."""
        theme_plot(self, theme)
        self.legend.setLabelTextColor(theme.text)
        for panel, colour in panel_colours(theme).items():
            self.scatters[panel].setPen(None)
            self.scatters[panel].setBrush(pg.mkBrush(faded(colour, 0.75)))

    def show_norms(self, session: EmbeddingSession) -> None:
        """Each panel's (count, norm) pairs as the session gives them."""
        for panel, scatter in self.scatters.items():
            counts, norms = session.norms(panel)
            # Drawn on a log axis (as pyqtgraph's log mode would, which scatters lack).
            scatter.setData(x=np.log10(counts), y=norms)
        highest = int(np.ceil(np.log10(max(int(session.vocabulary.counts.max()), 10))))
        self.getAxis("bottom").setTicks([[(p, f"{10 ** p:,}") for p in range(highest + 1)]])
