"""The settings of the window lessons: the windows' words, d, hidden size, f and the seed.

Apply (or Enter in a word field) rebuilds the lesson; spin boxes and lists apply by
themselves after a short pause. A setting the model refuses is shown in red under the
form, and the lesson on stage stays as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from bpviz.app.settings_form import (
    FIELD_WIDTH, apply_button, form_layout, int_field, note_label, settings_column, show_error,
)
from bpviz.app.stage_model import StageModel
from bpviz.errors import BpvizError
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.models.activations import ACTIVATION_TITLES
from bpviz.models.window_classifier import ENTITY_CLASSES, WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig

SCORER, CLASSIFIER = "scorer", "classifier"
DEBOUNCE_MS = 400  # a spin box held down or typed into rebuilds once, when it settles

# The activations of bpviz.models.activations, as every menu names them.
ACTIVATION_NAMES = ACTIVATION_TITLES
DEFAULTS = {SCORER: WindowConfig(), CLASSIFIER: WindowClassifierConfig()}


class WindowControls(QWidget):
    """A form that rebuilds the window scorer or the window classifier on `model`."""

    def __init__(self, model: StageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._kind = SCORER
        self._loading = False  # fields being filled from a config are no user edits
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self._apply_if_changed)
        self._build_fields()
        self._build_layout()
        self._load(DEFAULTS[SCORER])
        model.lesson_changed.connect(self._follow_lesson)
        self._follow_lesson()

    # -- public ----------------------------------------------------------------------

    @property
    def kind(self) -> str:
        """Which lesson the form builds: "scorer" or "classifier"."""
        return self._kind

    def set_kind(self, kind: str) -> None:
        """Show the fields of `kind`, filled from the lesson on stage if it is one, else with
        the defaults; builds nothing (Apply does)."""
        if kind not in DEFAULTS:
            raise ValueError(f"kind must be {SCORER!r} or {CLASSIFIER!r}, not {kind!r}")
        config = _window_config(self.model.lesson)
        self._load(config if _kind_of(config) == kind else DEFAULTS[kind])

    def config(self) -> WindowConfig | WindowClassifierConfig:
        """The settings in the form, unchecked (the model checks them when it is built)."""
        words = tuple(self.true_window_edit.text().split())
        shared = dict(d=self.d_box.value(), hidden=self.hidden_box.value(),
                      activation=self.activation_box.currentData(), seed=self.seed_box.value())
        if self._kind == CLASSIFIER:
            return WindowClassifierConfig(window=words, target=self.target_box.currentText(),
                                          **shared)
        return WindowConfig(true_window=words,
                            corrupt_window=tuple(self.corrupt_window_edit.text().split()), **shared)

    def apply(self) -> bool:
        """Rebuild the lesson from the form; on a bad setting show why and keep the lesson."""
        self.debounce.stop()
        config = self.config()
        try:
            lesson = (WindowClassifierLesson(config) if isinstance(config, WindowClassifierConfig)
                      else WindowScorerLesson(config))
        except BpvizError as problem:
            self._show_error(str(problem))
            return False
        self._show_error("")
        self.model.set_lesson(lesson)
        return True

    @property
    def error_text(self) -> str:
        """The message under the form ("Not applied: …"), or "" if the settings were accepted."""
        return self.error_label.text()

    # -- building --------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.true_window_edit = self._words_edit("The window to score high; Enter applies")
        self.corrupt_window_edit = self._words_edit(
            "A corrupt window of as many words, to score at least 1 lower; Enter applies")
        self.target_box = self._combo([(name, name) for name in ENTITY_CLASSES],
                                      "The true class of the centre word")
        self.d_box = self._spin(1, 16, "d: the size of each word vector (x stacks one per word)")
        self.hidden_box = self._spin(0, 32, "The number of hidden units; for the classifier, "
                                     "0 means no hidden layer: ŷ = softmax(Wx)")
        self.activation_box = self._combo(list(ACTIVATION_NAMES.items()),
                                          "The non-linearity f in h = f(z)")
        self.seed_box = self._spin(0, 999_999, "The seed of the random initial parameters")
        self.apply_button = apply_button(
            "Rebuild the network with these settings (Enter in a field)", self.apply)
        self.error_label = note_label("error")
        self.error_label.hide()

    def _words_edit(self, tip: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setToolTip(tip)
        edit.setPlaceholderText("words separated by spaces")
        edit.setClearButtonEnabled(True)
        edit.returnPressed.connect(self.apply)
        return edit

    def _spin(self, low: int, high: int, tip: str) -> QSpinBox:
        box = int_field(low, high, tip, self.apply)
        box.valueChanged.connect(self._schedule)
        return box

    def _combo(self, items: list[tuple[str, str]], tip: str) -> QComboBox:
        box = QComboBox()
        for data, text in items:
            box.addItem(text, data)
        box.setToolTip(tip)
        box.setFixedWidth(FIELD_WIDTH)
        box.currentIndexChanged.connect(self._schedule)
        return box

    def _build_layout(self) -> None:
        self.form = form_layout()
        self.form.addRow("True window", self.true_window_edit)
        self.form.addRow("Corrupt window", self.corrupt_window_edit)
        self.form.addRow("Target class", self.target_box)
        self.form.addRow("Vector size d", self.d_box)
        self.form.addRow("Hidden size", self.hidden_box)
        self.form.addRow("Activation f", self.activation_box)
        self.form.addRow("Seed", self.seed_box)
        settings_column(self, self.form, self.apply_button, self.error_label)

    # -- reacting --------------------------------------------------------------------

    def _load(self, config: WindowConfig | WindowClassifierConfig) -> None:
        """Fill the form from `config` and show the fields of its kind."""
        self._loading = True
        try:
            self._show_kind(_kind_of(config))
            if isinstance(config, WindowClassifierConfig):
                self.true_window_edit.setText(" ".join(config.window))
                self.target_box.setCurrentText(config.target)
            else:
                self.true_window_edit.setText(" ".join(config.true_window))
                self.corrupt_window_edit.setText(" ".join(config.corrupt_window))
            for edit in (self.true_window_edit, self.corrupt_window_edit):
                edit.setCursorPosition(0)  # a field narrower than its words shows their start
            self.d_box.setValue(config.d)
            self.hidden_box.setValue(config.hidden)
            self.activation_box.setCurrentIndex(self.activation_box.findData(config.activation))
            self.seed_box.setValue(config.seed)
        finally:
            self._loading = False
        self.debounce.stop()
        self._show_error("")
        self._sync_activation()

    def _show_kind(self, kind: str) -> None:
        self._kind = kind
        scorer = kind == SCORER
        self.form.setRowVisible(self.corrupt_window_edit, scorer)
        self.form.setRowVisible(self.target_box, not scorer)
        window_label = self.form.labelForField(self.true_window_edit)
        window_label.setText("True window" if scorer else "Window")
        # The classifier may go without a hidden layer: ŷ = softmax(W x).
        self.hidden_box.setMinimum(1 if scorer else 0)
        self.hidden_box.setSpecialValueText("" if scorer else "none: softmax(Wx)")

    def _follow_lesson(self) -> None:
        """A window lesson put on stage (here or by the lesson chooser) shows its settings."""
        config = _window_config(self.model.lesson)
        if config is not None and config != self.config():
            self._load(config)

    def _schedule(self) -> None:
        self._sync_activation()
        if not self._loading:
            self.debounce.start()

    def _apply_if_changed(self) -> None:
        """Apply a settled spin-box or list change, unless the lesson already has it."""
        if self.config() != _window_config(self.model.lesson):
            self.apply()

    def _sync_activation(self) -> None:
        # Without a hidden layer there is no f to choose.
        self.activation_box.setEnabled(self.hidden_box.value() > 0)

    def _show_error(self, message: str) -> None:
        show_error(self.error_label, message)


def _window_config(lesson: object) -> WindowConfig | WindowClassifierConfig | None:
    """The config of a window lesson; None for any other lesson."""
    if isinstance(lesson, (WindowScorerLesson, WindowClassifierLesson)):
        return lesson.model.config
    return None


def _kind_of(config: WindowConfig | WindowClassifierConfig | None) -> str | None:
    if config is None:
        return None
    return CLASSIFIER if isinstance(config, WindowClassifierConfig) else SCORER

