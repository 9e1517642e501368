"""The neural net's architecture: hidden layers added and removed, units per layer, f and
the initialisation. Any change starts both models again from new initial weights."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout, QGridLayout, QHBoxLayout, QLabel, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from bpviz.app.labs.boundary.choice_names import ACTIVATION_NAMES, INIT_NAMES
from bpviz.app.labs.boundary.control_widgets import choice_box, section_title, select
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.labs.boundary.settings import ACTIVATION_NAMES as ACTIVATIONS
from bpviz.labs.boundary.settings import INIT_NAMES as INITIALISERS
from bpviz.labs.boundary.settings import MAX_HIDDEN_LAYERS, MAX_UNITS

NEW_LAYER_UNITS = 4
UNITS_PER_ROW = 3


class NetworkControls(QWidget):
    """Hidden layers (− / +), a units box per layer (1–64), activation f and initialisation."""

    def __init__(self, model: LabModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.remove_button = _small_button("−", "Remove the last hidden layer")
        self.add_button = _small_button("+", f"Add a hidden layer (at most {MAX_HIDDEN_LAYERS})")
        self.remove_button.clicked.connect(self.remove_layer)
        self.add_button.clicked.connect(self.add_layer)
        self.layers_label = QLabel()
        self.layers_label.setObjectName("layersLabel")
        self.unit_boxes = [self._units_box(layer) for layer in range(MAX_HIDDEN_LAYERS)]
        self.activation_box = choice_box(ACTIVATIONS, ACTIVATION_NAMES,
                                         "The neural net's non-linearity f in h = f(Wx + b)")
        self.init_box = choice_box(INITIALISERS, INIT_NAMES,
                                   "How both models' initial weights are drawn (biases start at 0)")
        self.activation_box.currentIndexChanged.connect(self._changed)
        self.init_box.currentIndexChanged.connect(self._changed)
        self._build_layout()
        model.changed.connect(self.sync)
        self.sync()

    def _units_box(self, layer: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(1, MAX_UNITS)
        box.setPrefix(f"h{layer + 1}: ")
        box.setKeyboardTracking(False)
        box.setToolTip(f"Units in hidden layer {layer + 1} (1–{MAX_UNITS})")
        box.valueChanged.connect(self._changed)
        return box

    def _build_layout(self) -> None:
        layers = QHBoxLayout()
        layers.addWidget(QLabel("Hidden layers"))
        layers.addStretch(1)
        layers.addWidget(self.remove_button)
        layers.addWidget(self.layers_label)
        layers.addWidget(self.add_button)
        units = QGridLayout()
        units.setSpacing(4)
        for layer, box in enumerate(self.unit_boxes):
            units.addWidget(box, layer // UNITS_PER_ROW, layer % UNITS_PER_ROW)
        form = QFormLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(5)
        form.addRow("Activation", self.activation_box)
        form.addRow("Init", self.init_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(section_title("Neural net"))
        layout.addLayout(layers)
        layout.addLayout(units)
        layout.addLayout(form)

    # -- public ----------------------------------------------------------------------

    def add_layer(self) -> None:
        """One more hidden layer at the end (4 units)."""
        hidden = self.model.net.hidden
        if len(hidden) < MAX_HIDDEN_LAYERS:
            self.model.set_net(replace(self.model.net, hidden=(*hidden, NEW_LAYER_UNITS)))

    def remove_layer(self) -> None:
        """Drop the last hidden layer (none left makes the net softmax regression too)."""
        hidden = self.model.net.hidden
        if hidden:
            self.model.set_net(replace(self.model.net, hidden=hidden[:-1]))

    def sync(self) -> None:
        """Show the model's architecture (without sending it back)."""
        net = self.model.net
        count = len(net.hidden)
        self.layers_label.setText(f"{count}")
        self.remove_button.setEnabled(count > 0)
        self.add_button.setEnabled(count < MAX_HIDDEN_LAYERS)
        for layer, box in enumerate(self.unit_boxes):
            box.setVisible(layer < count)
            if layer < count:
                box.blockSignals(True)
                box.setValue(net.hidden[layer])
                box.blockSignals(False)
        select(self.activation_box, net.activation)
        select(self.init_box, net.init)

    def _changed(self) -> None:
        count = len(self.model.net.hidden)
        hidden = tuple(box.value() for box in self.unit_boxes[:count])
        self.model.set_net(replace(self.model.net, hidden=hidden,
                                   activation=self.activation_box.currentData(),
                                   init=self.init_box.currentData()))


def _small_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setObjectName("roundButton")
    button.setFixedSize(26, 26)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button
