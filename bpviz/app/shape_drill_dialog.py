"""The shape drill as a window: pick a gradient to assemble, click tiles, products (·, ∘, a
number's ×) and + in turn, and Check. A product that does not conform is refused as it is
placed, both shapes named; every shape and value comes from bpviz.lessons.shape_drill."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from bpviz.app.palette import error_colour
from bpviz.app.plain_text import button_text, plain
from bpviz.app.stage_model import StageModel
from bpviz.lessons.shape_drill import (
    OPERATORS, Assembly, DrillError, DrillTask, Tile, drill_tasks,
)

TILE_COLUMNS = 4
NOTHING = ("This lesson multiplies no vectors or matrices: the shape drill is for the matrix "
           "lessons.")


class ShapeDrillDialog(QDialog):
    """The drill over the pass on `model`'s stage (rebuilt each time it is opened)."""

    def __init__(self, model: StageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Shape drill")
        self.model = model
        self.tasks: tuple[DrillTask, ...] = ()
        self.tiles: tuple[Tile, ...] = ()
        self.assembly = Assembly(())
        self.task_box = QComboBox()
        self.task_box.setToolTip("The gradient to assemble from the tiles")
        self.task_box.currentIndexChanged.connect(lambda _: self.clear())
        self.assembly_label = plain(QLabel())
        self.assembly_label.setObjectName("drill-assembly")
        self.message_label = plain(QLabel())
        self.message_label.setObjectName("drill-message")
        self.message_label.setWordWrap(True)
        self.tile_grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        self.check_button = QPushButton("Check")
        self.check_button.clicked.connect(self.check)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self.clear)
        self.show_button = QPushButton("Show")
        self.show_button.setToolTip("Show the ledger's assembly")
        self.show_button.clicked.connect(self.show_answer)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.clear_button, self.show_button, self.check_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Assemble:"))
        layout.addWidget(self.task_box)
        layout.addLayout(self.tile_grid)
        layout.addWidget(self.assembly_label)
        layout.addWidget(self.message_label)
        layout.addLayout(actions)
        self.reload()

    def reload(self) -> None:
        """Take the tasks and tiles of the pass on stage."""
        self.tasks, tiles = drill_tasks(self.model.trace, self.model.lesson.output)
        self.tiles = tiles
        self.assembly = Assembly(tiles)
        self.task_box.blockSignals(True)
        self.task_box.clear()
        for task in self.tasks:
            self.task_box.addItem(task.name)
        self.task_box.blockSignals(False)
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        names = [tile.name for tile in tiles]
        labels = {tile.name: tile.label for tile in tiles}
        operator_row = -(-len(names) // TILE_COLUMNS)  # the products and + on a row of their own
        places = [divmod(index, TILE_COLUMNS) for index in range(len(names))]
        places += [(operator_row, column) for column in range(len(OPERATORS))]
        for token, (row, column) in zip([*names, *OPERATORS] if tiles else [], places):
            button = QPushButton(button_text(labels.get(token, token)))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, chosen=token: self.place(chosen))
            self.tile_grid.addWidget(button, row, column)
            self.buttons[token] = button
        for widget in (self.task_box, self.check_button, self.clear_button, self.show_button):
            widget.setEnabled(bool(self.tasks))
        self.clear()
        if not self.tasks:
            self._say(NOTHING)

    @property
    def task(self) -> DrillTask | None:
        index = self.task_box.currentIndex()
        return self.tasks[index] if 0 <= index < len(self.tasks) else None

    def place(self, token: str) -> bool:
        """Put a tile or product next; refused (and why) when it does not fit."""
        try:
            self.assembly.place(token)
        except DrillError as error:
            self._say(str(error), error=True)
            return False
        self._say("")
        self._show_assembly()
        return True

    def check(self) -> bool:
        task = self.task
        if task is None:
            return False
        correct, message = self.assembly.check(task)
        self._say(message, error=not correct)
        return correct

    def clear(self) -> None:
        """Start the chosen task afresh, from every tile but the task's own."""
        task = self.task
        self.assembly = Assembly(task.tiles(self.tiles) if task is not None else self.tiles)
        for name, button in self.buttons.items():  # its own tile would be the answer itself
            button.setVisible(task is None or name != task.own)
        self._say("")
        self._show_assembly()

    def show_answer(self) -> None:
        task = self.task
        if task is not None:
            self._say(f"{task.name} = {task.answer}")

    def _show_assembly(self) -> None:
        self.assembly_label.setText(f"= {self.assembly.text}" if self.assembly.placed
                                    else "click tiles and products in turn")

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(
            f"color: {error_colour(self.palette()).name()};" if error else "")
