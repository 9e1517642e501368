"""One panel's words in 2-D, through the session's fixed axes, labelled; on the skip-gram
panel the latest step's centre, context and negatives, with arrows for the pull and pushes.

The wheel zooms (and dragging pans) a map; labels, dots and arrow heads keep their size
in pixels, and labels that would overlap are left out (the chosen and highlighted words'
never). While zoomed the map stops following the points; Fit axes frames them again."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from bpviz.app.labs.boundary.plot_style import faded, quiet_plot, theme_plot
from bpviz.app.labs.embedding.word_items import Arrows, WordPoints
from bpviz.app.labs.embedding.word_labels import CHOSEN, KEPT, NORMAL, WordLabels
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
        view = self.plot.getViewBox()
        view.setAspectLocked(True)  # a distance on screen is one in the plane
        self.plot.setMouseEnabled(True, True)  # the wheel zooms, a drag pans
        view.sigRangeChangedManually.connect(self._zoomed)
        self.plot.setMinimumSize(150, 150)
        self.points = WordPoints(size_px=5)
        self.marks = MarkScatter(size=11, pxMode=True)
        self.plot.addItem(self.points)
        self.arrows = Arrows()
        self.arrows.setZValue(15)
        self.plot.addItem(self.arrows)
        self.plot.addItem(self.marks)
        self.labels = WordLabels()
        self.labels.setZValue(20)
        self.plot.addItem(self.labels)
        self._user_view = False  # zoomed or panned by the user: stop following
        self._brushes: list = []
        self._variance_text = ""
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
        self.points.set_colour(faded(theme.muted, 0.7))
        self.labels.set_colour(theme.text)
        self.labels.set_colour(theme.selection, CHOSEN)
        self.arrows.set_line_colour(theme.text)
        # centre, context, negatives: made once, not on every frame
        self._brushes = [pg.mkBrush(c) for c in (theme.forward, theme.selection, theme.gradient)]
        self._mark_pen = pg.mkPen(theme.text, width=1)

    def show_words(self, session: EmbeddingSession, chosen: str) -> None:
        """Every word where the session's projection puts it; labels on the frequent ones."""
        points = session.points(self.panel)
        self.points.set_positions(points)
        self._show_labels(session, chosen, points)
        self._follow(points)
        variance = f"axes show {session.variance_shown(self.panel):.0%} of the spread"
        if variance != self._variance_text:  # a label's new text costs a layout
            self._variance_text = variance
            self.variance.setText(variance)
        self._show_highlight(session, points)

    def _show_labels(self, session: EmbeddingSession, chosen: str, points: np.ndarray) -> None:
        """The chosen word, the highlighted pair's words (skip-gram) and the most frequent
        words, in that order of precedence (the vocabulary lists the most frequent first)."""
        vocabulary = session.vocabulary
        ids: dict[int, int] = {}
        if chosen in vocabulary:
            ids[vocabulary.id(chosen)] = CHOSEN
        highlight = session.highlight if self.panel == "sgns" else None
        if highlight is not None:
            for row in (highlight.centre, highlight.context, *highlight.negatives):
                ids.setdefault(int(row), KEPT)
        for row in range(min(LABELLED, len(vocabulary))):
            ids.setdefault(row, NORMAL)
        rows = np.fromiter(ids, dtype=np.intp, count=len(ids))
        words = vocabulary.words
        self.labels.set_words([words[row] for row in rows], points[rows], list(ids.values()))

    def refit_view(self) -> None:
        """Frame the points anew at the next drawing (a new corpus, reset, or new axes),
        following them again if the user had zoomed."""
        self._extent = None
        self._user_view = False

    def frame(self) -> tuple[tuple[float, float, float, float], bool]:
        """What the map shows: the range (x0, x1, y0, y1) its view was asked for (the
        aspect lock widens it to the map's shape), and whether the user zoomed or panned it
        (then it stops following the points)."""
        (x0, x1), (y0, y1) = self.plot.getViewBox().targetRange()
        return (float(x0), float(x1), float(y0), float(y1)), self._user_view

    def show_frame(self, view: tuple[float, float, float, float], zoomed: bool) -> None:
        """Show the range `view` (as `frame` read it), growing from there as training moves
        the points, unless `zoomed`."""
        self._extent, self._user_view = tuple(view), zoomed
        self.plot.setRange(xRange=view[:2], yRange=view[2:], padding=0)
        self.plot.getViewBox().updateMatrix()

    def _zoomed(self, *_) -> None:
        self._user_view = True

    def _follow(self, points: np.ndarray) -> None:
        """Keep every point in view: the view only grows while training (so that motion on
        screen is motion), and is framed anew after `refit_view`."""
        if not len(points) or self._user_view:
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
        # Framed afresh, a little room; grown while training, room for a while (each new
        # range repaints the whole map).
        share = 0.08 if self._extent is None else 0.2
        pad = share * max(float((high - low).max()), 1e-12)
        self._extent = (low[0] - pad, high[0] + pad * 3, low[1] - pad, high[1] + pad)
        self.plot.setRange(xRange=self._extent[:2], yRange=self._extent[2:], padding=0)
        self.plot.getViewBox().updateMatrix()  # now, not while painting: one paint, not two

    def _show_highlight(self, session: EmbeddingSession, points: np.ndarray) -> None:
        """The latest step's first pair (skip-gram only: the GloVe panels step on X)."""
        highlight = session.highlight if self.panel == "sgns" else None
        if highlight is None:
            if self.arrows.count():
                self.marks.setData(pos=np.empty((0, 2)))
                self.arrows.set_arrows(np.empty((0, 2)), np.empty((0, 2)), [])
            self.marks.hide()  # an empty scatter still costs a paint
            return
        self.marks.show()
        centre, context, negative = self._brushes
        ids = [highlight.centre, highlight.context, *highlight.negatives]
        self.marks.setData(pos=points[ids], brush=[centre, context,
                                                   *[negative] * len(highlight.negatives)],
                           pen=self._mark_pen)
        projection = session.projection(self.panel)
        start = projection(highlight.v_c)
        moves = projection.direction(np.vstack([highlight.pull, highlight.pushes]))
        longest = float(np.abs(moves).max()) if moves.size else 0.0
        width = float(np.ptp(points[:, 0])) if len(points) else 0.0
        scale = ARROW_SHARE * width / longest if longest > 0 and width > 0 else 0.0
        colours = [centre.color(), *[negative.color()] * (len(moves) - 1)]
        self.arrows.set_arrows(np.broadcast_to(start, moves.shape), start + moves * scale,
                               colours)
        self.title.setToolTip(
            f"Centre {session.vocabulary.words[highlight.centre]!r} (green) is pulled towards "
            f"its context {session.vocabulary.words[highlight.context]!r} (pink) and pushed "
            f"from {len(highlight.negatives)} negatives (orange); arrows × {scale:,.0f}")
