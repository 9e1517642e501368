"""One panel's words in 2-D, through the session's fixed axes, labelled; on the skip-gram
panel the latest step's centre, context and negatives, with arrows for the pull and pushes."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from bpviz.app.labs.boundary.plot_style import faded, quiet_plot, theme_plot
from bpviz.app.labs.embedding.word_labels import WordLabels
from bpviz.app.mark_scatter import MarkScatter
from bpviz.app.plain_text import plain
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.embedding import PANEL_TITLES, EmbeddingSession

LABELLED = 40        # the most frequent words get a label (more would be unreadable)
ARROW_SHARE = 0.25   # the longest arrow is drawn this share of the view's width


class WordMap(QWidget):
    """The title, the plot of every word of `panel`, and how much of the spread it shows."""

    def __init__(self, panel: str, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.theme = theme
        self.title = QLabel(PANEL_TITLES[panel])
        self.title.setObjectName("mapTitle")
        self.title.setWordWrap(True)  # at a large zoom the long title takes two lines
        # A long title must not make its panel wider than the others: the three share equally.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.plot = pg.PlotWidget()
        quiet_plot(self.plot)
        self.plot.getViewBox().setAspectLocked(True)  # a distance on screen is one in the plane
        self.plot.setMinimumSize(150, 150)
        self.points = MarkScatter(size=5, pxMode=True)
        self.marks = MarkScatter(size=11, pxMode=True)
        self.plot.addItem(self.points)
        self.arrow_lines = pg.PlotDataItem(connect="pairs")
        self.plot.addItem(self.arrow_lines)
        self.plot.addItem(self.marks)
        self.heads: list[pg.ArrowItem] = []
        self.labels = WordLabels()
        self.chosen_label = WordLabels(point_size=9.5)
        self.chosen_label.setZValue(20)
        for item in (self.labels, self.chosen_label):
            self.plot.addItem(item)
        # The projected coordinates mean nothing to read: no axes (and a cheaper frame).
        for axis in ("left", "bottom"):
            self.plot.hideAxis(axis)
        self.plot.getViewBox().disableAutoRange()
        self._extent: tuple[float, float, float, float] | None = None
        self.variance = plain(QLabel())
        self.variance.setObjectName("caption")
        self.variance.setToolTip("How much of the vectors' spread these two fixed axes show; "
                                 "Fit axes re-fits them to the vectors as they are now")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.variance)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Points, labels and arrows in `theme`."""
        self.theme = theme
        theme_plot(self.plot, theme)
        self.points.setPen(None)
        self.points.setBrush(pg.mkBrush(faded(theme.muted, 0.7)))
        self.labels.set_colour(theme.text)
        self.chosen_label.set_colour(theme.selection)

    def show_words(self, session: EmbeddingSession, chosen: str) -> None:
        """Every word where the session's projection puts it; labels on the frequent ones."""
        points = session.points(self.panel)
        self.points.setData(pos=points)
        words = session.vocabulary.words
        shown = min(LABELLED, len(words))
        self.labels.set_words(words[:shown], points[:shown])  # the most frequent come first
        if chosen in session.vocabulary:
            self.chosen_label.set_words([chosen], points[[session.vocabulary.id(chosen)]])
        self._follow(points)
        self.variance.setText(f"axes show {session.variance_shown(self.panel):.0%} of the spread")
        self._show_highlight(session, points)

    def refit_view(self) -> None:
        """Frame the points anew at the next drawing (a new corpus, reset, or new axes)."""
        self._extent = None

    def _follow(self, points: np.ndarray) -> None:
        """Keep every point in view: the view only grows while training (so that motion on
        screen is motion), and is framed anew after `refit_view`."""
        if not len(points):
            return
        low, high = points.min(axis=0), points.max(axis=0)
        if not (np.isfinite(low).all() and np.isfinite(high).all()):
            return
        if self._extent is not None:
            x0, x1, y0, y1 = self._extent
            if x0 <= low[0] and high[0] <= x1 and y0 <= low[1] and high[1] <= y1:
                return
            low = np.minimum(low, (x0, y0))
            high = np.maximum(high, (x1, y1))
        pad = 0.08 * max(float((high - low).max()), 1e-12)
        self._extent = (low[0] - pad, high[0] + pad * 3, low[1] - pad, high[1] + pad)
        self.plot.setRange(xRange=self._extent[:2], yRange=self._extent[2:], padding=0)

    def _show_highlight(self, session: EmbeddingSession, points: np.ndarray) -> None:
        """The latest step's first pair (skip-gram only: the GloVe panels step on X)."""
        highlight = session.highlight if self.panel == "sgns" else None
        if highlight is None:
            self.marks.setData(pos=np.empty((0, 2)))
            self.arrow_lines.setData([], [])
            for head in self.heads:
                head.hide()
            return
        theme = self.theme
        ids = [highlight.centre, highlight.context, *highlight.negatives]
        colours = [theme.forward, theme.selection, *[theme.gradient] * len(highlight.negatives)]
        self.marks.setData(pos=points[ids], brush=[pg.mkBrush(c) for c in colours],
                           pen=pg.mkPen(theme.text, width=1))
        projection = session.projection(self.panel)
        start = projection(highlight.v_c)
        moves = projection.direction(np.vstack([highlight.pull, highlight.pushes]))
        longest = float(np.abs(moves).max()) if moves.size else 0.0
        width = float(np.ptp(points[:, 0])) if len(points) else 0.0
        scale = ARROW_SHARE * width / longest if longest > 0 and width > 0 else 0.0
        ends = start + moves * scale
        lines = np.empty((2 * len(ends), 2))
        lines[0::2], lines[1::2] = start, ends
        self.arrow_lines.setData(lines[:, 0], lines[:, 1], pen=pg.mkPen(theme.text, width=2))
        while len(self.heads) < len(ends):
            head = pg.ArrowItem(headLen=9, tailLen=0, pen=None)
            head.setZValue(15)
            self.plot.addItem(head)
            self.heads.append(head)
        for index, head in enumerate(self.heads):
            head.setVisible(index < len(ends))
            if index < len(ends):
                dx, dy = moves[index] * scale
                # ArrowItem points left at angle 0; the screen's y axis points down.
                head.setStyle(angle=180 - np.degrees(np.arctan2(dy, dx)),
                              brush=pg.mkBrush(theme.forward if index == 0 else theme.gradient))
                head.setPos(*ends[index])
        self.title.setToolTip(
            f"Centre {session.vocabulary.words[highlight.centre]!r} (green) is pulled towards "
            f"its context {session.vocabulary.words[highlight.context]!r} (pink) and pushed "
            f"from {len(highlight.negatives)} negatives (orange); arrows × {scale:,.0f}")

