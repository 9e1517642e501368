"""The co-occurrence matrix X and the PMI matrix over a chosen set of words, as heatmaps
with the words on both axes (the session computes both; the view only colours them)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bpviz.app.labs.boundary.plot_style import quiet_plot, theme_plot
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.embedding import EmbeddingSession

SHOWN = 20  # words on each axis
WORD_SETS = {"frequent": f"the {SHOWN} most frequent words",
             "neighbours": "the chosen word and its skip-gram neighbours"}


class MatrixView(QWidget):
    """X (counts, white to the theme's positive colour) beside the PMI (diverging; blank
    where X is 0, where the PMI is −∞), over the words the combo box picks."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.words_box = QComboBox()
        for key, text in WORD_SETS.items():
            self.words_box.addItem(text, key)
        self.words_box.setToolTip("Which words the two matrices show")
        self.plots = {name: pg.PlotWidget() for name in ("X", "PMI")}
        self.images = {}
        for plot in self.plots.values():
            quiet_plot(plot)
            plot.getViewBox().setAspectLocked(True)
            plot.getViewBox().invertY(True)  # row 0 at the top, as a matrix is written
            image = pg.ImageItem(axisOrder="row-major")
            plot.addItem(image)
            self.images[plot] = image
            plot.setMinimumSize(120, 110)
            # X is symmetric: the columns are the rows' words, named once, on the left.
            plot.getAxis("bottom").setTicks([[]])
            font = QFont()
            font.setPointSize(7)
            plot.getAxis("left").setStyle(tickFont=font, autoReduceTextSpace=False)
        self.ranges = {name: QLabel() for name in self.plots}
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Words:"))
        top.addWidget(self.words_box)
        top.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for name, plot in self.plots.items():
            column = QVBoxLayout()
            column.setSpacing(1)
            self.ranges[name].setObjectName("caption")
            column.addWidget(self.ranges[name])
            column.addWidget(plot, 1)
            row.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(row, 1)
        self.set_theme(theme)

    @property
    def word_set(self) -> str:
        return self.words_box.currentData()

    def set_theme(self, theme: Theme) -> None:
        """Axes and colour maps in `theme`."""
        self.theme = theme
        for plot in self.plots.values():
            theme_plot(plot, theme)
        self.images[self.plots["X"]].setLookupTable(
            pg.ColorMap([0, 1], [theme.zero, theme.positive]).getLookupTable(nPts=256))
        self.images[self.plots["PMI"]].setLookupTable(
            pg.ColorMap([0, 0.5, 1], [theme.negative, theme.zero, theme.positive])
            .getLookupTable(nPts=256))

    def show_words(self, session: EmbeddingSession, words: list[str]) -> None:
        """X and the PMI over `words` (vocabulary words, in the order given)."""
        ids = session.word_ids(words)
        counts = session.cooccurrence.dense(ids)
        pmi = session.cooccurrence.dense_pmi(ids)
        top = float(counts.max()) if counts.size else 0.0
        self.images[self.plots["X"]].setImage(counts, levels=(0.0, top or 1.0))
        finite = pmi[np.isfinite(pmi)]
        reach = float(np.abs(finite).max()) if finite.size else 1.0
        # NaN (X = 0) is drawn transparent by pyqtgraph: the empty cells stay blank.
        self.images[self.plots["PMI"]].setImage(pmi, levels=(-reach, reach))
        self.ranges["X"].setText(f"X (co-occurrence), 0 to {top:,.3g}")
        self.ranges["PMI"].setText(f"PMI, −{reach:.2f} to {reach:.2f}; blank where X = 0; columns as rows")
        ticks = [[(index + 0.5, word) for index, word in enumerate(words)]]
        for plot in self.plots.values():
            plot.getAxis("left").setTicks(ticks)
            plot.setRange(xRange=(0, len(words)), yRange=(0, len(words)), padding=0)
