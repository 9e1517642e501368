"""The lab's settings, each sent to the session as a new EmbeddingSpec: learning rates
apply from the next step, everything else starts the three panels again."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFormLayout, QSpinBox, QVBoxLayout, QWidget

from bpviz.app.labs.boundary.choice_names import number_names
from bpviz.app.labs.boundary.control_widgets import choice_box, section_title, select
from bpviz.app.labs.embedding.embedding_model import EmbeddingModel
from bpviz.data.cooccurrence import MAX_WINDOW, WEIGHTINGS
from bpviz.labs.embedding.settings import MAX_DIMENSION, MAX_NEGATIVES

LR_LADDER = (0.001, 0.003, 0.01, 0.025, 0.05, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
SUBSAMPLE_LADDER = (0.0, 0.01, 0.001, 0.0001, 0.00001)
WEIGHTING_NAMES = {"distance": "1/distance (GloVe)", "flat": "flat (each pair 1)"}


class SettingsPanel(QWidget):
    """Window, K, d, learning rates, sub-sampling, weighting and the minimum count."""

    def __init__(self, model: EmbeddingModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.window_box = _spin(1, MAX_WINDOW, "Window size m: context words on each side")
        self.negatives_box = _spin(1, MAX_NEGATIVES, "K, negatives drawn from U^(3/4)/Z "
                                   "for each (centre, context) pair")
        self.dimension_box = _spin(1, MAX_DIMENSION, "d, the length of every word vector "
                                   "(d > 2 is drawn through fixed PCA axes)")
        self.min_count_box = _spin(1, 1000, "Words seen fewer times are left out")
        lr_names = number_names(LR_LADDER)
        self.lr_boxes = {
            "sgns_lr": choice_box(LR_LADDER, lr_names, "Skip-gram's SGD learning rate; "
                                  "applies from the next step"),
            "glove_lr": choice_box(LR_LADDER, lr_names, "GloVe's AdaGrad learning rate; "
                                   "applies from the next step"),
            "simple_lr": choice_box(LR_LADDER, lr_names, "Simpler GloVe's AdaGrad learning "
                                    "rate; applies from the next step")}
        self.subsample_box = choice_box(SUBSAMPLE_LADDER, {0.0: "off", **{
            t: f"{t:g}" for t in SUBSAMPLE_LADDER[1:]}},
            "Skip-gram drops a frequent word w with probability 1 − √(t / U(w))")
        self.weighting_box = choice_box(WEIGHTINGS, WEIGHTING_NAMES,
                                        "How a pair k words apart counts in X")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        for label, box in (("Window m", self.window_box), ("Negatives K", self.negatives_box),
                           ("Dimension d", self.dimension_box),
                           ("Skip-gram lr", self.lr_boxes["sgns_lr"]),
                           ("GloVe lr", self.lr_boxes["glove_lr"]),
                           ("Simpler lr", self.lr_boxes["simple_lr"]),
                           ("Sub-sampling", self.subsample_box),
                           ("Weighting", self.weighting_box),
                           ("Min. count", self.min_count_box)):
            form.addRow(label, box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_title("Settings"))
        layout.addLayout(form)
        for box in (self.window_box, self.negatives_box, self.dimension_box, self.min_count_box):
            box.valueChanged.connect(self._changed)
        for box in (*self.lr_boxes.values(), self.subsample_box, self.weighting_box):
            box.currentIndexChanged.connect(self._changed)
        model.changed.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        """Show the session's settings (without sending them back)."""
        spec = self.model.spec
        for box, value in ((self.window_box, spec.window), (self.negatives_box, spec.negatives),
                           (self.dimension_box, spec.dimension),
                           (self.min_count_box, spec.min_count)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        for name, box in self.lr_boxes.items():
            select(box, getattr(spec, name))
        select(self.subsample_box, spec.subsample)
        select(self.weighting_box, spec.weighting)

    def _changed(self) -> None:
        spec = replace(self.model.spec, window=self.window_box.value(),
                       negatives=self.negatives_box.value(),
                       dimension=self.dimension_box.value(),
                       min_count=self.min_count_box.value(),
                       subsample=self.subsample_box.currentData(),
                       weighting=self.weighting_box.currentData(),
                       **{name: box.currentData() for name, box in self.lr_boxes.items()})
        self.model.set_spec(spec)
        self.sync()  # a refused setting goes back to the session's


def _spin(low: int, high: int, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setKeyboardTracking(False)  # typed numbers apply on Enter, not per keystroke
    box.setToolTip(tip)
    return box



