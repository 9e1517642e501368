"""The lab's data column: a built-in data set and its settings, or your own (open, save, draw)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QProgressBar,
    QSizePolicy, QSlider, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from bpviz.app.labs.boundary.choice_names import KIND_NAMES
from bpviz.app.labs.boundary.control_widgets import hint, section_title
from bpviz.app.labs.boundary.kind_picker import KindPicker
from bpviz.app.labs.boundary.lab_actions import lab_action
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.app.plain_text import button_text, plain, plain_tooltip
from bpviz.app.theme import LIGHT, Theme, class_colours
from bpviz.data.generators import DEFAULTS
from bpviz.labs.boundary.session import LabSession
from bpviz.labs.boundary.settings import MAX_LAB_POINTS, DataSpec

FRACTION_RANGE = (10, 90)   # per cent of the points that train
MAX_NOISE = 2.0
CLASS_BUTTONS = 10          # a loaded CSV file may have up to 10 classes
CHIP_HEIGHT, CHIP_TEXT = 28, 128  # a class chip's height, and the widest name it shows whole
CHIP_GAP = 4
PROGRESS_STEPS = 1000       # the loading bar's resolution


class DataControls(QWidget):
    """Pick and tune a built-in data set, or open, save and draw your own.

    `drawing_changed(bool)`: the draw mode was switched on or off.
    """

    drawing_changed = Signal(bool)

    def __init__(self, model: LabModel, file_actions: dict[str, QAction], theme: Theme = LIGHT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.theme = theme
        self.file_actions = file_actions
        self._build_generator_controls()
        self._build_own_data_controls()
        self._build_layout()
        model.changed.connect(self.sync)
        model.loading.connect(self._loading)
        model.load_progress.connect(self._load_progress)
        model.load_ended.connect(self.load_row.hide)
        self.sync()

    # -- public ----------------------------------------------------------------------

    @property
    def drawing(self) -> bool:
        """Whether clicks on the plots add (left) and remove (right) points."""
        return self.draw_action.isChecked()

    @property
    def draw_class(self) -> int:
        """The class a left click adds."""
        return max(self.class_group.checkedId(), 0)

    def set_draw_class(self, label: int) -> None:
        """Pick the class new points get."""
        button = self.class_group.button(label)
        if button is not None and button.isVisible():
            button.setChecked(True)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.kind_picker.set_theme(theme)
        self._paint_class_buttons()

    # -- building --------------------------------------------------------------------

    def _build_generator_controls(self) -> None:
        self.kind_picker = KindPicker(self.theme)
        self.kind_picker.kind_chosen.connect(self.choose_kind)
        self.classes_box = QSpinBox()
        self.classes_box.setRange(2, 5)
        self.classes_box.setToolTip("How many classes (Gaussian blobs and spiral arms: 2–5)")
        self.points_box = QSpinBox()
        self.points_box.setRange(10, MAX_LAB_POINTS)
        self.points_box.setSingleStep(50)
        self.points_box.setToolTip("How many points to generate (train and test together)")
        self.noise_box = QDoubleSpinBox()
        self.noise_box.setRange(0.0, MAX_NOISE)
        self.noise_box.setSingleStep(0.05)
        self.noise_box.setDecimals(2)
        self.noise_box.setToolTip("Standard deviation of the jitter (the spiral's: of its angle, "
                                  "in radians)")
        for box in (self.classes_box, self.points_box, self.noise_box):
            box.setKeyboardTracking(False)
            box.valueChanged.connect(self._generator_changed)
        self.fraction_slider = QSlider(Qt.Orientation.Horizontal)
        self.fraction_slider.setRange(*FRACTION_RANGE)
        self.fraction_slider.setSingleStep(5)
        self.fraction_slider.setPageStep(10)
        self.fraction_slider.setToolTip("The share of points that train (filled); "
                                        "the rest test (hollow)")
        self.fraction_label = QLabel()
        self.fraction_label.setMinimumWidth(36)
        self.fraction_slider.valueChanged.connect(
            lambda value: self.fraction_label.setText(f"{value} %"))
        self.fraction_slider.sliderReleased.connect(self._fraction_changed)
        self.fraction_slider.actionTriggered.connect(self._fraction_keyed)
        self.regenerate_action = lab_action(self, "Regenerate data", ["G"],
                                            "Draw a new sample of this data set (new data seed)",
                                            self.regenerate)
        self.addAction(self.regenerate_action)
        self.regenerate_button = _action_button(self.regenerate_action)

    def _build_own_data_controls(self) -> None:
        self.open_button = _action_button(self.file_actions["open"])
        self.save_button = _action_button(self.file_actions["save"])
        self.draw_action = self.file_actions["draw"]
        self.draw_button = _action_button(self.draw_action)
        self.draw_action.toggled.connect(self.drawing_changed)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setObjectName("textButton")
        self.clear_button.setToolTip("Remove every point, keeping the classes, to draw your own")
        self.clear_button.clicked.connect(self.model.clear)
        self.class_group = QButtonGroup(self)
        self.class_group.setExclusive(True)
        self.class_buttons: list[QToolButton] = []
        for label in range(CLASS_BUTTONS):
            button = QToolButton()
            button.setCheckable(True)
            button.setObjectName("classButton")
            button.setFixedHeight(CHIP_HEIGHT)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.class_group.addButton(button, label)
            self.class_buttons.append(button)
        self.class_buttons[0].setChecked(True)
        self.source_label = plain(QLabel())  # it names the user's file: text, never HTML
        self.source_label.setObjectName("source")
        self.source_label.setWordWrap(True)
        self._build_load_row()

    def _build_load_row(self) -> None:
        """While a file loads on its worker thread: its name, how far, and Cancel."""
        self.load_label = plain(QLabel())
        self.load_label.setObjectName("source")
        self.load_label.setWordWrap(True)
        self.load_bar = QProgressBar()
        self.load_bar.setRange(0, PROGRESS_STEPS)
        self.load_bar.setTextVisible(False)
        self.load_bar.setMaximumHeight(8)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setObjectName("textButton")
        self.cancel_button.setToolTip("Stop loading the file; the current data stay")
        self.cancel_button.clicked.connect(self.model.cancel_loading)
        self.load_row = QWidget()
        layout = QVBoxLayout(self.load_row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.load_label)
        bar = QHBoxLayout()
        bar.addWidget(self.load_bar, 1)
        bar.addWidget(self.cancel_button)
        layout.addLayout(bar)
        self.load_row.hide()

    def _build_layout(self) -> None:
        form = self.generator_form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(5)
        form.addRow("Classes", self.classes_box)
        form.addRow("Points", self.points_box)
        form.addRow("Noise", self.noise_box)
        fraction = QHBoxLayout()
        fraction.addWidget(self.fraction_slider, 1)
        fraction.addWidget(self.fraction_label)
        form.addRow("Train", fraction)

        files = QHBoxLayout()
        files.addWidget(self.open_button)
        files.addWidget(self.save_button)
        self.chips = _ChipFlow(self.class_buttons)
        drawing = QHBoxLayout()
        drawing.addWidget(self.draw_button)
        drawing.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(section_title("Data"))
        layout.addWidget(self.kind_picker)
        layout.addLayout(form)
        layout.addWidget(self.regenerate_button)
        layout.addSpacing(6)
        layout.addWidget(section_title("Your own data"))
        layout.addWidget(self.source_label)
        layout.addWidget(self.load_row)
        layout.addLayout(files)
        layout.addLayout(drawing)
        layout.addWidget(self.chips)
        layout.addWidget(hint("Draw: left-click adds a point of the chosen class, right-click "
                              "removes the nearest. Or drop a .csv file on the lab."))

    # -- reacting --------------------------------------------------------------------

    def sync(self) -> None:
        """Show the model's data settings and classes (without sending them back)."""
        spec = self.model.data_spec
        generated = self.model.source == spec.kind
        self.kind_picker.show_kind(spec.kind if generated else None)
        # Your own data (a file, a drawing) has no generator settings: none are shown.
        for box in (self.classes_box, self.points_box, self.noise_box):
            self.generator_form.setRowVisible(box, generated)
        self.regenerate_button.setVisible(generated)
        variable = DEFAULTS[spec.kind].variable_classes
        for box, value in ((self.classes_box, spec.classes if variable else 2),
                           (self.points_box, spec.points),
                           (self.noise_box, DEFAULTS[spec.kind].noise if spec.noise is None
                            else spec.noise)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.classes_box.setEnabled(variable)
        self.fraction_slider.blockSignals(True)
        self.fraction_slider.setValue(round(100 * spec.train_fraction))
        self.fraction_slider.blockSignals(False)
        self.fraction_label.setText(f"{self.fraction_slider.value()} %")
        session = self.model.session
        scaled = session.scaling is not None
        self.source_label.setText(
            f"Training on {_source_name(self.model)}: {len(session.dataset)} points, "
            f"{session.dataset.num_classes} classes ({len(session.train_set)} train, "
            f"{len(session.test_set)} test)" + ("; features standardised" if scaled else "")
            + _sample_note(session))
        self.source_label.setToolTip(plain_tooltip(
            "The features reach beyond ±10, so both models see them standardised: "
            f"{session.scaling.describe(session.dataset.header[:2])}. The plots keep the "
            "data's own units." if scaled else ""))
        self._paint_class_buttons()

    def _loading(self, name: str) -> None:
        self.load_label.setText(f"Loading {name}…")
        self.load_bar.setValue(0)
        self.load_row.show()

    def _load_progress(self, fraction: float) -> None:
        self.load_bar.setValue(round(fraction * PROGRESS_STEPS))
        if fraction >= 1:
            self.load_label.setText(self.load_label.text().replace("Loading", "Preparing", 1))

    def regenerate(self) -> None:
        """A new sample of the chosen built-in data set (none while on your own data)."""
        if self.model.source != self.model.data_spec.kind:
            return
        spec = self._spec_from_controls()
        self.model.set_data_spec(replace(spec, seed=spec.seed + 1))

    def choose_kind(self, kind: str) -> None:
        """Train on the built-in data set `kind`, with its own points, noise and classes."""
        spec = replace(self.model.data_spec, kind=kind, noise=None,
                       classes=DEFAULTS[kind].classes, points=DEFAULTS[kind].n_points)
        self.model.set_data_spec(spec)

    def _generator_changed(self) -> None:
        self.model.set_data_spec(self._spec_from_controls())

    def _spec_from_controls(self) -> DataSpec:
        spec = self.model.data_spec
        noise = self.noise_box.value()
        return replace(spec, points=self.points_box.value(),
                       noise=None if noise == DEFAULTS[spec.kind].noise else noise,
                       classes=self.classes_box.value()
                       if DEFAULTS[spec.kind].variable_classes else spec.classes)

    def _fraction_keyed(self, action: int) -> None:
        # Keys and clicks on the groove move the slider without a release: apply at once.
        if not self.fraction_slider.isSliderDown():
            self.fraction_slider.setValue(self.fraction_slider.sliderPosition())
            self._fraction_changed()

    def _fraction_changed(self) -> None:
        self.model.set_train_fraction(self.fraction_slider.value() / 100)

    def _paint_class_buttons(self) -> None:
        data = self.model.dataset
        colours = class_colours(self.theme, data.num_classes)
        for label, button in enumerate(self.class_buttons):
            button.setVisible(label < data.num_classes)
            if label < data.num_classes:
                name = data.class_names[label]
                bold = QFont(button.font())
                bold.setBold(True)  # as the chip's style sets it
                shown = QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideRight,
                                                      CHIP_TEXT)
                button.setText(button_text(shown))
                button.setToolTip(plain_tooltip(f"Draw points of class {name!r}"))
                button.setStyleSheet(_class_button_style(colours[label], self.theme))
        if self.class_group.checkedId() >= data.num_classes:
            self.class_buttons[0].setChecked(True)
        self.chips.arrange()


def _source_name(model: LabModel) -> str:
    return KIND_NAMES.get(model.source, model.source)


def _action_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setObjectName("textButton")
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


def _class_button_style(colour: str, theme: Theme) -> str:
    return (f"QToolButton {{ background: {colour}; color: white; font-weight: bold; "
            f"border: 2px solid {colour}; border-radius: {CHIP_HEIGHT // 2}px; "
            f"padding: 0px 8px; min-width: {CHIP_HEIGHT - 20}px; }}"
            f"QToolButton:checked {{ border: 3px solid {theme.text}; }}")


class _ChipFlow(QWidget):
    """The class chips, each as wide as its name, in rows as long as the column allows."""

    def __init__(self, chips: list[QToolButton]) -> None:
        super().__init__()
        self.chips = chips
        for chip in chips:
            chip.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def arrange(self) -> None:
        """Place the shown chips left to right, wrapping to a new row where one would stick
        out; the widget is as tall as its rows."""
        x = y = 0
        width = max(self.width(), CHIP_HEIGHT)
        for chip in self.chips:
            if chip.isHidden():
                continue
            size = chip.sizeHint().expandedTo(QSize(CHIP_HEIGHT, CHIP_HEIGHT))
            if x and x + size.width() > width:
                x, y = 0, y + CHIP_HEIGHT + CHIP_GAP
            chip.setGeometry(x, y, min(size.width(), width), CHIP_HEIGHT)
            x += size.width() + CHIP_GAP
        self.setFixedHeight(y + CHIP_HEIGHT)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.arrange()


def _sample_note(session: LabSession) -> str:
    """Which parts the scores measure a fixed sample of (past MEASURED points), if any."""
    sampled = [f"{session.measured_points(part):,} {part}" for part, points
               in (("train", session.train_set), ("test", session.test_set))
               if session.measured_points(part) < len(points)]
    if not sampled:
        return ""
    return (f"; scores measured on {'a sample' if len(sampled) == 1 else 'samples'} of "
            f"{' and '.join(sampled)} points")
