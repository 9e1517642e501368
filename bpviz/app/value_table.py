"""The values of a formula's variables as one table: `name = value` rows, edited in place.

One view for every variable, whatever their number: a formula of 300 variables has 300
rows of a model, not 600 widgets (building and laying those out froze the window for
seconds); only the row being edited gets a spin box, and only rows on screen are painted.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDoubleSpinBox, QFrame, QHeaderView, QSizePolicy, QStyledItemDelegate,
    QStyleOptionViewItem, QTableView, QWidget,
)

VALUE_RANGE = 1e9
VALUE_DECIMALS = 4
NAME, VALUE = 0, 1
ModelIndex = QModelIndex | QPersistentModelIndex


def shown_value(value: float) -> float:
    """`value` as a field holds it: within ±VALUE_RANGE, rounded to VALUE_DECIMALS."""
    return round(min(max(float(value), -VALUE_RANGE), VALUE_RANGE), VALUE_DECIMALS)


class ValueModel(QAbstractTableModel):
    """Variables in order and their values; `edited(name)`: the user changed one."""

    edited = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names: tuple[str, ...] = ()
        self._values: dict[str, float] = {}

    def values(self) -> dict[str, float]:
        """Each variable's value, in order."""
        return {name: self._values[name] for name in self.names}

    def set_variables(self, names: tuple[str, ...], values: Mapping[str, float]) -> None:
        """Show the variables `names` with `values` (one reset, however many rows)."""
        self.beginResetModel()
        self.names = tuple(names)
        self._values = {name: shown_value(values[name]) for name in self.names}
        self.endResetModel()

    def set_values(self, values: Mapping[str, float]) -> None:
        """Show new values of the same variables (not an edit: `edited` is not sent)."""
        self._values.update({name: shown_value(values[name]) for name in self.names})
        if self.names:
            self.dataChanged.emit(self.index(0, VALUE), self.index(len(self.names) - 1, VALUE))

    def set_value(self, name: str, value: float) -> None:
        """Change `name`'s value as the user does (`edited` is sent if it changed)."""
        self.setData(self.index(self.names.index(name), VALUE), value)

    # -- Qt's model interface ----------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's)
        return 0 if parent.isValid() else len(self.names)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's)
        return 0 if parent.isValid() else 2

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        name = self.names[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name} =" if index.column() == NAME else _number(self._values[name])
        if role == Qt.ItemDataRole.EditRole and index.column() == VALUE:
            return self._values[name]
        if role == Qt.ItemDataRole.ToolTipRole:
            return name if index.column() == NAME else f"The value of {name} (Enter applies)"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled
        if index.column() == VALUE:
            flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsSelectable
        return flags

    def setData(self, index: ModelIndex, value: object,  # noqa: N802 (Qt's)
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != VALUE:
            return False
        name, new = self.names[index.row()], shown_value(value)
        if new != self._values[name]:
            self._values[name] = new
            self.dataChanged.emit(index, index)
            self.edited.emit(name)
        return True


class _SpinDelegate(QStyledItemDelegate):
    """Edits a value in a spin box of the fields' range and decimals, committing as it is
    typed (so the circuit follows after the usual pause, as with the formula)."""

    closed = Signal()  # the edit ended (Enter, Tab or a click elsewhere)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: ModelIndex) -> QWidget:
        box = QDoubleSpinBox(parent)
        box.setRange(-VALUE_RANGE, VALUE_RANGE)
        box.setDecimals(VALUE_DECIMALS)
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        box.setFrame(False)
        box.valueChanged.connect(lambda _value: self.commitData.emit(box))
        box.editingFinished.connect(self.closed)
        return box

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        if editor.value() != index.data(Qt.ItemDataRole.EditRole):
            editor.blockSignals(True)  # shown, not typed: nothing to commit
            editor.setValue(index.data(Qt.ItemDataRole.EditRole))
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model, index: ModelIndex) -> None:  # noqa: N802
        editor.interpretText()
        model.setData(index, editor.value())


class ValueTable(QTableView):
    """`name =` and its value on each row, names in `font`; a click or typing edits a value.

    As tall as its rows up to the room there is, then it scrolls. `edited(name)` and
    `committed()` (Enter or leaving a field) come from the user only.
    """

    edited = Signal(str)
    committed = Signal()

    def __init__(self, font: QFont, name_width: int, value_width: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values_model = ValueModel(self)
        self.setModel(self.values_model)
        self.values_model.edited.connect(self.edited)
        self.delegate = _SpinDelegate(self)
        self.delegate.closed.connect(self.committed)
        self.setItemDelegateForColumn(VALUE, self.delegate)
        self.setShowGrid(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # long names end in …
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setFont(font)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(NAME, name_width)
        self.setColumnWidth(VALUE, value_width)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(QDoubleSpinBox().sizeHint().height() + 4)
        self.values_model.modelReset.connect(self.updateGeometry)

    def sizeHint(self):  # noqa: N802 (Qt's)
        """Every row's height (the layout shrinks it to the room there is)."""
        hint = super().sizeHint()
        rows = self.verticalHeader().defaultSectionSize() * self.values_model.rowCount()
        hint.setHeight(rows + 2 * self.frameWidth())
        return hint

    def minimumSizeHint(self):  # noqa: N802 (Qt's)
        hint = super().minimumSizeHint()
        shown = min(self.values_model.rowCount(), 3)
        hint.setHeight(self.verticalHeader().defaultSectionSize() * shown + 2 * self.frameWidth())
        return hint


def _number(value: float) -> str:
    return f"{value:.{VALUE_DECIMALS}f}"  # as the spin box writes it
