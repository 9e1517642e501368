"""The settings of the word-vector lessons: the centre and outside words, K, d, x_max and α,
and the seed; and, for GloVe and simpler GloVe, the one-click constant-shift demonstration
(the tables the model publishes are in the inspector's Model tab). A setting the model
refuses is shown in red, and the lesson on stage stays as it was. Nothing here computes:
the numbers come from the lesson."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from bpviz.app.settings_form import (
    FIELD_WIDTH, apply_button, form_layout, int_field, note_label, real_field, settings_column,
    show_error,
)
from bpviz.app.stage_model import StageModel
from bpviz.errors import BpvizError
from bpviz.lessons.word_vector_catalog import (
    DEFAULTS, SHIFT_KINDS, SKIPGRAM, WORDS, kind_of, make_lesson, reads,
)
from bpviz.lessons.word_vector_lessons import shift_lines


class WordVectorControls(QWidget):
    """A form that rebuilds a word-vector lesson on `model`, and the shift demonstration."""

    def __init__(self, model: StageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._kind = SKIPGRAM
        self._build_fields()
        self._build_layout()
        self.set_kind(SKIPGRAM)
        model.lesson_changed.connect(self._follow_lesson)

    # -- public ----------------------------------------------------------------------

    @property
    def kind(self) -> str:
        """Which lesson the form builds: skipgram, sgns, glove or simple-glove."""
        return self._kind

    def set_kind(self, kind: str) -> None:
        """Show the fields of `kind`, filled from the lesson on stage if it is one, else the
        defaults; builds nothing (Apply does)."""
        if kind not in DEFAULTS:
            raise ValueError(f"not a word-vector lesson: {kind!r}")
        self._kind = kind
        lesson = self.model.lesson
        self._load(lesson.config if kind_of(lesson) == kind else DEFAULTS[kind])
        self.shift_result.setText("")

    def settings(self) -> dict:
        """The settings in the form, unchecked (the model checks them)."""
        return {"centre": self.centre_box.currentText(), "outside": self.outside_box.currentText(),
                "negatives": self.negatives_box.value(), "d": self.d_box.value(),
                "x_max": self.x_max_box.value(), "alpha": self.alpha_box.value(),
                "seed": self.seed_box.value()}

    def apply(self) -> bool:
        """Rebuild the lesson from the form; on a bad setting show why and keep the lesson."""
        try:
            lesson = make_lesson(self._kind, **self.settings())
        except BpvizError as problem:
            self._show_error(str(problem))
            return False
        self._show_error("")
        self.shift_result.setText("")
        self.model.set_lesson(lesson)
        return True

    def demonstrate_shift(self) -> None:
        """Add c to every vector (biases adjusted for GloVe) and show both models' J."""
        demo = self.model.lesson.shift_demo() if kind_of(self.model.lesson) else None
        self.shift_result.setText("\n".join(shift_lines(demo)) if demo else "")

    @property
    def error_text(self) -> str:
        return self.error_label.text()

    # -- building --------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.centre_box = self._combo("The centre word c")
        self.outside_box = self._combo("The outside word o, observed near c")
        self.negatives_box = int_field(1, 16, "K: how many negatives are drawn from U(w)^¾/Z",
                                       self.apply)
        self.d_box = int_field(1, 8, "d: the size of each word vector", self.apply)
        self.x_max_box = real_field(0.5, 1000.0, 1, "x_max of f(x) = min(1, (x/x_max)^α)",
                                    self.apply)
        self.alpha_box = real_field(0.05, 2.0, 2, "α of f(x) = min(1, (x/x_max)^α)", self.apply)
        self.alpha_box.setSingleStep(0.05)
        self.seed_box = int_field(0, 999_999, "The seed of the initial vectors (and of the "
                                  "negatives)", self.apply)
        self.apply_button = apply_button("Rebuild the objective with these settings", self.apply)
        self.error_label = note_label("error")
        self.shift_button = QPushButton("Add c = (1, …, 1) to every vector")
        self.shift_button.setToolTip("GloVe: biases adjusted as b_i − ⟨w_i, c⟩ − |c|²/2; "
                                     "compare J with simpler GloVe's")
        self.shift_button.clicked.connect(self.demonstrate_shift)
        self.shift_result = note_label("shift")

    def _combo(self, tip: str) -> QComboBox:
        box = QComboBox()
        box.addItems(list(WORDS))
        box.setToolTip(tip)
        box.setFixedWidth(FIELD_WIDTH)
        return box

    def _build_layout(self) -> None:
        self.form = form_layout()
        self.form.addRow("Centre word c", self.centre_box)
        self.form.addRow("Outside word o", self.outside_box)
        self.form.addRow("Negatives K", self.negatives_box)
        self.form.addRow("Vector size d", self.d_box)
        self.form.addRow("x_max", self.x_max_box)
        self.form.addRow("α", self.alpha_box)
        self.form.addRow("Seed", self.seed_box)
        settings_column(self, self.form, self.apply_button, self.error_label, self.shift_button,
                        self.shift_result)

    # -- reacting --------------------------------------------------------------------

    def _load(self, config) -> None:
        """Fill the form from `config` and show only the rows its kind reads."""
        defaults = DEFAULTS[self._kind]
        for setting, field in (("centre", self.centre_box), ("outside", self.outside_box),
                               ("negatives", self.negatives_box), ("x_max", self.x_max_box),
                               ("alpha", self.alpha_box)):
            shown = reads(self._kind, setting)
            self.form.setRowVisible(field, shown)
            if not shown:
                continue
            value = getattr(config, setting, getattr(defaults, setting))
            if isinstance(field, QComboBox):
                field.setCurrentText(value)
            else:
                field.setValue(value)
        self.d_box.setValue(config.d)
        self.seed_box.setValue(config.seed)
        self.shift_button.setVisible(self._kind in SHIFT_KINDS)
        self.shift_result.setVisible(self._kind in SHIFT_KINDS)
        self._show_error("")

    def _follow_lesson(self) -> None:
        """A word-vector lesson put on stage (here or by the chooser) shows its settings."""
        kind = kind_of(self.model.lesson)
        if kind is not None:
            self._kind = kind
            self._load(self.model.lesson.config)

    def _show_error(self, message: str) -> None:
        show_error(self.error_label, message)
