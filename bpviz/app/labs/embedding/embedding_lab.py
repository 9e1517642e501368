"""The word-vector lab: skip-gram with negative sampling, GloVe and simpler GloVe trained
live side by side on one corpus, their words in 2-D, their losses, neighbours, matrices
and norms. Everything drawn is read from the session; the widgets compute nothing."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea,
    QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from bpviz.app.labs.boundary import lab_icons
from bpviz.app.labs.boundary.lab_actions import lab_action
from bpviz.app.labs.boundary.lab_style import lab_palette, lab_style_sheet
from bpviz.app.labs.boundary.notice_bar import NoticeBar
from bpviz.app.labs.embedding.embedding_model import EmbeddingModel
from bpviz.app.labs.embedding.loss_plot import LossPlot
from bpviz.app.labs.embedding.matrix_view import SHOWN, MatrixView
from bpviz.app.labs.embedding.neighbours_view import NeighboursView
from bpviz.app.labs.embedding.norms_plot import NormsPlot
from bpviz.app.labs.embedding.settings_panel import SettingsPanel
from bpviz.app.labs.embedding.word_map import WordMap
from bpviz.app.plain_text import plain
from bpviz.app.presentation import scaled_points
from bpviz.app.theme import LIGHT, Theme
from bpviz.labs.embedding import PANEL_TITLES, PANELS

FRAME_S = 1 / 30     # redraw at most 30 times a second while training
DETAIL_HZ = 5        # the curves, neighbours and norms, while playing
RIGHT_WIDTH = 270
# Three titles side by side: smaller than the boundary lab's two, so the longest fits.
MAP_TITLE = "#EmbeddingLab QLabel#mapTitle { font-size: 11pt; font-weight: bold; }"
TEXT_FILTER = "Plain text (*.txt);;All files (*)"
VECTOR_FILTER = "Word vectors, word2vec text (*.txt *.vec);;All files (*)"


class EmbeddingLab(QWidget):
    """The whole lab over an EmbeddingModel: transport, three word maps, the side views."""

    def __init__(self, model: EmbeddingModel, theme: Theme = LIGHT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EmbeddingLab")
        self.model = model
        self.theme = theme
        self.zoom = 1.0
        self.last_directory = str(Path.home())
        self._drawn_at = self._draw_cost = self._details_at = 0.0
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.timeout.connect(self.show_training)
        self._build_actions()
        self._build_views()
        self._build_layout()
        self.setAcceptDrops(True)
        for action in self.actions():
            self.addAction(action)
            action.setEnabled(False)  # until shown: a hidden lab's keys must not take others'
        model.changed.connect(self.show_everything)
        model.changed.connect(self.notice.clear)
        model.trained.connect(self._trained)
        model.error.connect(self.show_error)
        model.diverged.connect(self.notice.show_message)
        model.playing_changed.connect(self._show_playing)
        model.word_changed.connect(self._word_changed)
        model.loading.connect(self._loading)
        model.load_progress.connect(lambda share: self.progress.setValue(round(share * 100)))
        model.load_ended.connect(self._load_ended)
        self.neighbours.word_picked.connect(model.set_word)
        self.matrices.words_box.currentIndexChanged.connect(lambda _: self._show_details())
        self.tabs.currentChanged.connect(lambda _: self._show_details())
        self.set_theme(theme)
        self.show_everything()

    # -- building --------------------------------------------------------------------
    def _build_actions(self) -> None:
        model = self.model
        self.open_action = lab_action(self, "&Open corpus…", ["Ctrl+Shift+O"],
                                      "Learn from a plain-text (UTF-8) file", self.open_dialog)
        self.export_actions = {
            panel: lab_action(self, f"&Export {PANEL_TITLES[panel]} vectors…",
                              ["Ctrl+Shift+E"] if panel == "sgns" else [],
                              f"Write the {PANEL_TITLES[panel]} vectors in the word2vec "
                              "text format", lambda _=False, p=panel: self.export_dialog(p))
            for panel in PANELS}
        self.start_action = lab_action(self, "&Load start vectors…", ["Ctrl+Shift+L"],
                                       "Start every panel from vectors in a word2vec or GloVe "
                                       "text file", self.load_start_dialog)
        self.clear_start_action = lab_action(self, "Start from random vectors", [],
                                             "Forget the loaded start vectors",
                                             model.clear_start)
        self.play_action = lab_action(self, "Play", ["Space"], "Train the three panels live, "
                                      "or pause", model.toggle)
        self.stop_action = lab_action(self, "Stop training", ["Esc"],
                                      "Pause playing, or stop an epoch where it is", model.pause)
        self.step_action = lab_action(self, "Step", ["Right"],
                                      "One batch on each panel", model.step)
        self.epoch_action = lab_action(self, "Epoch", ["E"],
                                       "Until skip-gram's pass over its pairs ends",
                                       model.run_epoch)
        self.reset_action = lab_action(self, "Reset", ["Home"],
                                       "Back to the same initial vectors", model.reset)
        self.seed_action = lab_action(self, "New seed", ["N"],
                                      "New initial vectors, pair order and negatives",
                                      model.new_seed)
        self.fit_action = lab_action(self, "Fit axes", ["A"],
                                     "Fit each panel's 2-D axes to its vectors as they are now "
                                     "(they then stay fixed: motion on screen is motion in "
                                     "space)", self.fit_axes)

    def file_actions(self) -> list[QAction]:
        """Open corpus, the three exports, and the start vectors (File menu)."""
        return [self.open_action, *self.export_actions.values(), self.start_action,
                self.clear_start_action]

    def menu_actions(self) -> list[QAction]:
        """The transport and Fit axes (the lab's menu)."""
        return [self.play_action, self.stop_action, self.step_action, self.epoch_action,
                self.reset_action, self.seed_action, self.fit_action]

    def actions(self) -> list[QAction]:
        return [*self.file_actions(), *self.menu_actions()]

    def _build_views(self) -> None:
        theme = self.theme
        self.buttons = {name: _transport_button(action, big=name == "play") for name, action in
                        (("reset", self.reset_action), ("play", self.play_action),
                         ("step", self.step_action), ("epoch", self.epoch_action),
                         ("seed", self.seed_action))}
        self.steps_label = QLabel()
        self.steps_label.setObjectName("epoch")
        self.seed_label = QLabel()
        self.seed_label.setObjectName("caption")
        self.corpus_label = plain(QLabel())
        self.corpus_label.setObjectName("source")
        self.fit_button = QPushButton("Fit axes")
        self.fit_button.setToolTip(self.fit_action.toolTip())
        self.fit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fit_button.clicked.connect(self.fit_action.trigger)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(120)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop reading the corpus; the lab stays as it is")
        self.cancel_button.clicked.connect(self.model.cancel_loading)
        for widget in (self.progress, self.cancel_button):
            widget.hide()
        self.notice = NoticeBar()
        self.maps = {panel: WordMap(panel, theme) for panel in PANELS}
        self.loss_plot = LossPlot(theme)
        self.matrices = MatrixView(theme)
        self.norms = NormsPlot(theme)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.loss_plot, "Loss")
        self.tabs.addTab(self.matrices, "Co-occurrence and PMI")
        self.tabs.addTab(self.norms, "Norms vs frequency")
        self.settings = SettingsPanel(self.model)
        self.neighbours = NeighboursView()

    def _build_layout(self) -> None:
        bar = QWidget()
        bar.setObjectName("TrainingBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(6)
        for name in ("reset", "play", "step", "epoch", "seed"):
            row.addWidget(self.buttons[name], 0, Qt.AlignmentFlag.AlignVCenter)
        counters = QVBoxLayout()
        counters.setSpacing(0)
        counters.addWidget(self.steps_label)
        counters.addWidget(self.seed_label)
        row.addSpacing(10)
        row.addLayout(counters)
        row.addSpacing(10)
        row.addWidget(self.corpus_label, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        row.addWidget(self.fit_button)

        maps = QHBoxLayout()
        maps.setSpacing(12)
        for word_map in self.maps.values():
            maps.addWidget(word_map, 1)
        centre = QVBoxLayout()
        centre.setSpacing(8)
        centre.addLayout(maps, 3)
        centre.addWidget(self.tabs, 2)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.settings)
        right.addSpacing(8)
        right.addWidget(self.neighbours, 1)
        column = QWidget()
        column.setObjectName("labColumn")
        column.setLayout(right)
        column.setFixedWidth(RIGHT_WIDTH)
        side = QScrollArea()
        side.setObjectName("labScroll")
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setWidget(column)
        side.setFixedWidth(RIGHT_WIDTH + side.verticalScrollBar().sizeHint().width())

        body = QHBoxLayout()
        body.setContentsMargins(12, 8, 12, 8)
        body.setSpacing(14)
        body.addLayout(centre, 1)
        body.addWidget(side)

        content = QWidget()
        content.setObjectName("labContent")
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(0)
        inner.addWidget(bar)
        inner.addWidget(self.notice)
        inner.addLayout(body, 1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("labScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    # -- drawing ---------------------------------------------------------------------
    def set_zoom(self, factor: float) -> None:
        """The lab's text `factor` times its size (the plots keep theirs)."""
        self.zoom = factor
        self.set_theme(self.theme)

    def set_theme(self, theme: Theme) -> None:
        """Recolour the controls, plots and icons."""
        self.theme = theme
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        sheet = lab_style_sheet(theme).replace("#BoundaryLab", "#EmbeddingLab") + MAP_TITLE
        self.setStyleSheet(scaled_points(sheet, self.zoom))
        palette = lab_palette(theme)
        for widget in (self, *self.findChildren(QWidget)):
            widget.setPalette(palette)
        for word_map in self.maps.values():
            word_map.set_theme(theme)
        self.loss_plot.set_theme(theme)
        self.matrices.set_theme(theme)
        self.norms.set_theme(theme)
        self.notice.set_theme(theme)
        self._paint_icons()
        self.show_everything()

    def fit_axes(self) -> None:
        """Fit every panel's axes to its vectors now, and frame the maps anew."""
        for word_map in self.maps.values():
            word_map.refit_view()
        self.model.fit_axes()

    def show_everything(self) -> None:
        """A new corpus, settings, word or start: the vocabulary, then all the pictures."""
        for word_map in self.maps.values():
            word_map.refit_view()
        session = self.model.session
        corpus, vocabulary = session.corpus, session.vocabulary
        self.corpus_label.setText(
            f"{corpus.name}: {len(corpus):,} words, {len(vocabulary):,} in the vocabulary "
            f"(seen ≥ {session.spec.min_count}×), d = {session.spec.dimension}")
        self.neighbours.show_vocabulary(session, self.model.word)
        self.show_training()
        self._show_details()

    def show_training(self, details: bool | None = None) -> None:
        """New vectors: the counters and maps each frame; the curves, neighbours and norms
        (their axes cost more to draw) too if `details`, by default always when paused and
        at most DETAIL_HZ times a second while playing."""
        now = time.perf_counter()
        if self.model.playing and now - self._drawn_at < 1.0:  # a frame of the play
            self.model.share_frame(FRAME_S, now - self._drawn_at)
        self._drawn_at = now
        if details is None:
            details = not self.model.playing or now - self._details_at >= 1 / DETAIL_HZ
        session, word = self.model.session, self.model.word
        self.steps_label.setText(f"Step {session.steps:,}")
        self.seed_label.setText(f"epoch {session.epoch('sgns'):,.2f} (skip-gram) · "
                                f"seed {session.seed}")
        for word_map in self.maps.values():
            word_map.show_words(session, word)
        if details:
            self._details_at = now
            self.loss_plot.show_curves(session)
            self.neighbours.show_neighbours(session, word)
            if self.tabs.currentWidget() is self.norms:
                self.norms.show_norms(session)
        self._draw_cost = time.perf_counter() - self._drawn_at

    def _show_details(self) -> None:
        """The tab on show: X and the PMI change only with the corpus or the chosen words."""
        session = self.model.session
        if self.tabs.currentWidget() is self.matrices:
            if self.matrices.word_set == "neighbours":
                words = [self.model.word, *(w for w, _ in session.neighbours(
                    "sgns", self.model.word, SHOWN - 1))]
            else:
                words = list(session.vocabulary.words[:SHOWN])
            self.matrices.show_words(session, words)
        elif self.tabs.currentWidget() is self.norms:
            self.norms.show_norms(session)

    def _word_changed(self, word: str) -> None:
        """A new word for the neighbours: its label, neighbours and matrices (the maps keep
        their framing: only the label moves)."""
        self.neighbours.show_word(word)
        self.show_training(details=True)
        self._show_details()

    def _trained(self) -> None:
        # A frame lasts at least as long as the last drawing took: training keeps about half.
        wait = max(FRAME_S, self._draw_cost) - (time.perf_counter() - self._drawn_at)
        if wait <= 0 and not self._redraw.isActive():
            self.show_training()
        elif not self._redraw.isActive():
            self._redraw.start(max(1, round(wait * 1000)))

    def _show_playing(self, playing: bool) -> None:
        self.play_action.setText("Pause" if playing else "Play")
        if playing:
            self.notice.clear()
        else:
            self._redraw.stop()
            self.show_training()
        self._paint_icons()

    def _paint_icons(self) -> None:
        text, muted, white = QColor(self.theme.text), QColor(self.theme.muted), QColor("#fff")
        for name in ("reset", "step", "epoch", "seed"):
            self.buttons[name].defaultAction().setIcon(lab_icons.icon(name, text, muted))
        shape = "pause" if self.model.playing else "play"
        self.play_action.setIcon(lab_icons.icon(shape, white, muted))

    # -- files -----------------------------------------------------------------------
    def open_dialog(self) -> None:
        """Ask for a plain-text corpus and learn from it (read on a worker thread)."""
        path, _ = QFileDialog.getOpenFileName(self, "Open corpus", self.last_directory,
                                              TEXT_FILTER)
        if path:
            self.last_directory = str(Path(path).parent)
            self.model.load_corpus_file(path)

    def export_dialog(self, panel: str) -> None:
        """Ask where to write the panel's vectors (word2vec text) and write them."""
        path, _ = QFileDialog.getSaveFileName(
            self, f"Export {PANEL_TITLES[panel]} vectors", self.last_directory, VECTOR_FILTER)
        if path:
            if not Path(path).suffix:
                path += ".txt"
            self.last_directory = str(Path(path).parent)
            if self.model.export(panel, path):
                self.notice.show_message(f"Wrote {len(self.model.session.vocabulary):,} "
                                         f"{PANEL_TITLES[panel]} vectors to {path}")

    def load_start_dialog(self) -> None:
        """Ask for a word2vec/GloVe text file and start every panel from its vectors."""
        path, _ = QFileDialog.getOpenFileName(self, "Load start vectors", self.last_directory,
                                              VECTOR_FILTER)
        if path:
            self.last_directory = str(Path(path).parent)
            matched = self.model.load_start(path)
            if matched is not None:
                self.notice.show_message(f"Every panel starts from {Path(path).name} for the "
                                         f"{matched:,} words it has; the others start random")

    def show_error(self, message: str) -> None:
        """Say what failed, as plain text, in the window; the lab is unchanged."""
        self.notice.show_message(message)

    def _loading(self, name: str) -> None:
        self.progress.setValue(0)
        self.progress.setToolTip(f"Reading {name}")
        self.progress.show()
        self.cancel_button.show()

    def _load_ended(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    # -- drag and drop and visibility ----------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if _dropped_text(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        path = _dropped_text(event)
        if path is not None:
            event.acceptProposedAction()
            self.model.load_corpus_file(path)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not event.spontaneous():
            self.model.pause()
        super().hideEvent(event)


def _transport_button(action: QAction, big: bool) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setObjectName("playButton" if big else "transportButton")
    size = 44 if big else 34
    button.setIconSize(QSize(22, 22) if big else QSize(lab_icons.ICON_SIZE, lab_icons.ICON_SIZE))
    button.setFixedSize(size, size)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def _dropped_text(event: QDragEnterEvent | QDropEvent) -> str | None:
    """The local .txt file being dragged, if it is one."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    for url in urls:
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".txt"):
            return url.toLocalFile()
    return None
