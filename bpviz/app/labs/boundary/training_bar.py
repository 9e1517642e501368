"""The lab's top bar: the transport (reset, play, step, epoch, new seed), where training stands,
and the settings both panels train with (loss, optimiser, learning rate, regularisation, batch)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from bpviz.app.labs.boundary import lab_icons
from bpviz.app.labs.boundary.choice_names import (
    LAMBDA_LADDER, LOSS_NAMES, OPTIMIZER_NAMES, REGULARISATION_NAMES, number_names,
)
from bpviz.app.labs.boundary.control_widgets import captioned, choice_box, select
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.labs.boundary.settings import LOSS_NAMES as LOSSES
from bpviz.labs.boundary.settings import FULL_BATCH_MAX, LR_LADDER, MAX_BATCH
from bpviz.labs.boundary.settings import OPTIMIZER_NAMES as OPTIMIZERS

EPOCH_WIDTH = 170
DEFAULT_LAMBDA = 0.001  # shown until a penalty is chosen


class TrainingBar(QWidget):
    """Transport buttons (backed by the lab's actions), the epoch counter and the train settings."""

    def __init__(self, model: LabModel, transport: dict[str, QAction],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrainingBar")
        self.model = model
        self.transport = transport
        self.buttons = {name: _button(action, big=name == "play")
                        for name, action in transport.items()}
        self.epoch_label = QLabel()
        self.epoch_label.setObjectName("epoch")
        self.epoch_label.setMinimumWidth(EPOCH_WIDTH)  # room for "Epoch 1,000.0" in the big font
        self.epoch_label.setToolTip("Epochs trained (one epoch = every training point once) "
                                    "and minibatch steps taken")
        self.seed_label = QLabel()
        self.seed_label.setObjectName("caption")
        self._build_settings()
        self._build_layout()
        model.changed.connect(self.sync)
        model.trained.connect(self.show_progress)
        model.playing_changed.connect(self._show_playing)
        self.sync()

    # -- building --------------------------------------------------------------------

    def _build_settings(self) -> None:
        self.loss_box = choice_box(LOSSES, LOSS_NAMES,
                                   "The loss J both models minimise, averaged over the batch")
        self.optimizer_box = choice_box(OPTIMIZERS, OPTIMIZER_NAMES,
                                        "How both models turn gradients into updates")
        self.lr_box = choice_box(LR_LADDER, number_names(LR_LADDER),
                                 "The learning rate lr of θ ← θ − lr·∂J/∂θ; "
                                 "applies from the next step")
        self.regularisation_box = choice_box(tuple(REGULARISATION_NAMES), REGULARISATION_NAMES,
                                             "A penalty on the weight matrices: "
                                             "L1 = λ Σ|W|, L2 = λ Σ W²")
        self.lambda_box = choice_box(LAMBDA_LADDER, number_names(LAMBDA_LADDER),
                                     "λ, the strength of the penalty")
        self.lambda_box.setCurrentIndex(self.lambda_box.findData(DEFAULT_LAMBDA))
        self.batch_box = QSpinBox()
        self.batch_box.setRange(0, MAX_BATCH)
        self.batch_box.setSpecialValueText("full")
        self.batch_box.setKeyboardTracking(False)
        self.batch_box.setToolTip(f"Training points per minibatch step (0 = full batch, "
                                  f"for data of at most {FULL_BATCH_MAX:,} training points)")
        for box in (self.loss_box, self.optimizer_box, self.lr_box, self.regularisation_box,
                    self.lambda_box):
            box.currentIndexChanged.connect(self._settings_changed)
        self.batch_box.valueChanged.connect(self._settings_changed)

    def _build_layout(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(6)
        for name in ("reset", "play", "step", "epoch", "seed"):
            layout.addWidget(self.buttons[name], 0, Qt.AlignmentFlag.AlignVCenter)
        progress = QVBoxLayout()
        progress.setSpacing(0)
        progress.addWidget(self.epoch_label)
        progress.addWidget(self.seed_label)
        layout.addSpacing(10)
        layout.addLayout(progress)
        layout.addStretch(1)
        layout.addWidget(_separator())
        for caption, control in (("Loss", self.loss_box), ("Optimiser", self.optimizer_box),
                                 ("Learning rate", self.lr_box),
                                 ("Regularisation", self.regularisation_box),
                                 ("λ", self.lambda_box), ("Batch size", self.batch_box)):
            layout.addWidget(captioned(caption, control))

    # -- reacting --------------------------------------------------------------------

    def sync(self) -> None:
        """Show the model's training settings (without sending them back)."""
        train = self.model.train
        select(self.loss_box, train.loss)
        select(self.optimizer_box, train.optimizer)
        select(self.lr_box, train.lr)
        kind = "l1" if train.l1 > 0 else "l2" if train.l2 > 0 else "none"
        select(self.regularisation_box, kind)
        strength = train.l1 or train.l2
        if strength:
            select(self.lambda_box, strength)
        self.lambda_box.setEnabled(kind != "none")
        self.batch_box.blockSignals(True)
        self.batch_box.setValue(train.batch_size)
        self.batch_box.blockSignals(False)
        self.show_progress()

    def show_progress(self) -> None:
        """Epochs and steps so far, from the session."""
        session = self.model.session
        self.epoch_label.setText(f"Epoch {session.epoch:,.1f}")
        self.seed_label.setText(f"step {session.steps:,} · seed {session.seed}")

    def _settings_changed(self) -> None:
        kind = self.regularisation_box.currentData()
        strength = self.lambda_box.currentData()
        self.lambda_box.setEnabled(kind != "none")
        spec = replace(self.model.train, loss=self.loss_box.currentData(),
                       optimizer=self.optimizer_box.currentData(), lr=self.lr_box.currentData(),
                       l1=strength if kind == "l1" else 0.0, l2=strength if kind == "l2" else 0.0,
                       batch_size=self.batch_box.value())
        self.model.set_train(spec)
        if self.model.train != spec:  # refused (the lab said why): show what it trains with
            self.sync()

    def _show_playing(self, playing: bool) -> None:
        self.buttons["play"].setChecked(playing)

    def set_icons(self, icons: dict[str, QIcon]) -> None:
        """Use freshly drawn icons (after a theme change)."""
        for name, action in self.transport.items():
            action.setIcon(icons[name])


def _button(action: QAction, big: bool) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setObjectName("playButton" if big else "transportButton")
    size = 44 if big else 34
    button.setIconSize(QSize(22, 22) if big else QSize(lab_icons.ICON_SIZE, lab_icons.ICON_SIZE))
    button.setFixedSize(size, size)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def _separator() -> QFrame:
    line = QFrame()
    line.setObjectName("separator")
    line.setFrameShape(QFrame.Shape.VLine)
    return line
