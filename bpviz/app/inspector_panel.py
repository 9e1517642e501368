"""The inspector: everything about the selected node at the current step (its formula,
value, gradient, local gradients and neighbours), and the last gradient check's table.

It only lays out what `bpviz.lessons.inspection` says; it computes nothing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea,
    QSizePolicy,
    QStackedWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTabBar, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from bpviz.app.data_table_view import DataTableView, published_tables
from bpviz.app.ledger_panel import MONO
from bpviz.app.presentation import scaled_points
from bpviz.app.rich_html import rich_html
from bpviz.lessons.rich_text import symbol
from bpviz.app.plain_text import plain_tooltip
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import LIGHT, Theme, diverging
from bpviz.engine import GradcheckReport
from bpviz.lessons.inspection import (
    ArrayGrid, GradcheckRow, Inspection, array_grids, gradcheck_rows, gradcheck_summary,
    gradcheck_tone, inspect_node, kink_lines, summary_rows,
)
from bpviz.lessons.practice_hiding import inspection_without, picture_without, tables_without

NO_SELECTION_HINT = ("Click a node in the circuit or neuron view to inspect it: its formula, "
                     "value and gradient at this step, the local gradients it sends back, "
                     "and its neighbours.")
NO_CHECK_HINT = ("A gradient check compares backprop's gradient of every parameter with "
                 "central differences, (f(θ + h) − f(θ − h)) / 2h, one entry at a time.")
CELL_HINT = "Hover or click a cell for its exact value."
GRADCHECK_COLUMNS = ("parameter", "relative error", "result", "kink")
NODE_TAB, CHECK_TAB, DATA_TAB = 0, 1, 2
TONE_MARKS = {"pass": "✓", "kink": "⚠", "fail": "✗"}
# What the panel asks of its dock, whatever node it shows: a node with a long formula must
# not widen the dock and push the stage aside (its text wraps or scrolls instead).
PANEL_WIDTH, MIN_PANEL_WIDTH = 340, 220
TABLE_ROWS = 5  # rows of numbers the table keeps below a long summary (the page scrolls)


def _tone_colour(theme: Theme, tone: str) -> str:
    """Passed in the forward green, a kink in amber, a failure in the gradient red."""
    return {"pass": theme.forward, "kink": theme.positive, "fail": theme.gradient}[tone]


def _readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background` (by perceived luminance)."""
    luminance = (0.299 * background.redF() + 0.587 * background.greenF()
                 + 0.114 * background.blueF())
    return QColor("#000000") if luminance > 0.5 else QColor("#ffffff")


class FramedSelection(QStyledItemDelegate):
    """Draws a selected cell as it is (its heatmap colour stays) inside a frame."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = colour

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected
        plain.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, plain, index)
        if selected:
            painter.save()
            painter.setPen(QPen(QColor(self.colour), 2.5))
            painter.drawRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5))
            painter.restore()


def _fixed(table: QTableWidget) -> None:
    """A read-only table that selects single cells and reports hovering."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setMouseTracking(True)
    table.verticalHeader().setDefaultSectionSize(24)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)


class ArrayTable(QWidget):
    """A node's value and gradient as a table of numbers on the diverging heatmap.

    A scalar or vector shows value and gradient side by side, one row per entry; a
    matrix shows one of them at a time, chosen with the tabs above it. The line below
    gives the exact value of the hovered or current cell.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.grids: tuple[ArrayGrid, ...] = ()
        self.switch = QTabBar()
        self.switch.setObjectName("switch")
        self.switch.setDrawBase(False)
        self.switch.setExpanding(False)
        self.switch.addTab("value")
        self.switch.addTab("gradient")
        self.switch.currentChanged.connect(lambda _: self._fill())
        self.table = QTableWidget()
        _fixed(self.table)
        self.frame = FramedSelection(theme.selection, self.table)
        self.table.setItemDelegate(self.frame)
        self.table.setFont(QFont("DejaVu Sans Mono", 10))
        self.table.horizontalHeader().setDefaultSectionSize(74)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.currentCellChanged.connect(lambda row, column, *_: self._tell(row, column))
        self.table.cellEntered.connect(self._tell)
        self.exact_line = QLabel(CELL_HINT)
        self.exact_line.setObjectName("exact")
        self.exact_line.setWordWrap(True)
        # At the top of what it is given: all of the space when a scalar hides the table.
        self.exact_line.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.exact_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.switch)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.exact_line)

    @property
    def scalar(self) -> bool:
        """Whether the node is a scalar: no table, just its exact value and gradient."""
        return bool(self.grids) and self.grids[0].rows == self.grids[0].columns == 1

    @property
    def side_by_side(self) -> bool:
        """Whether value and gradient share the table as two columns (a scalar or vector)."""
        return bool(self.grids) and self.grids[0].columns == 1

    def shown(self) -> tuple[ArrayGrid, ...]:
        """The grids in the table, left to right."""
        if self.side_by_side:
            return self.grids
        return self.grids[self.switch.currentIndex():self.switch.currentIndex() + 1]

    def set_grids(self, grids: tuple[ArrayGrid, ArrayGrid], keep_tab: bool) -> None:
        """Show a node's value and gradient; `keep_tab` keeps the matrix tab the user chose."""
        self.grids = grids
        value, gradient = grids
        self.switch.setTabText(0, f"value {value.name}")
        self.switch.setTabText(1, f"gradient {gradient.name}")
        self.switch.setVisible(not self.side_by_side)
        self.table.setVisible(not self.scalar)
        if self.scalar:
            self.exact_line.setText("exact: " + "\n       ".join(
                grid.cell_text(0, 0) for grid in grids))
            return
        self.switch.blockSignals(True)
        if not keep_tab:  # a matrix opens on its gradient once there is one
            self.switch.setCurrentIndex(1 if gradient.values is not None else 0)
        self.switch.blockSignals(False)
        self._fill()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.frame.colour = theme.selection
        if self.grids and not self.scalar:
            self._fill()

    def _fill(self) -> None:
        grids = self.shown()
        if not grids or self.scalar:
            return
        row_count = grids[0].rows
        column_count = sum(grid.columns for grid in grids)
        table = self.table
        row, column = max(table.currentRow(), 0), max(table.currentColumn(), 0)
        table.setUpdatesEnabled(False)  # one repaint for all the cells
        table.setRowCount(row_count)
        table.setColumnCount(column_count)
        table.setVerticalHeaderLabels([str(i) for i in range(row_count)])
        if self.side_by_side:
            table.setHorizontalHeaderLabels([grid.name for grid in grids])
        else:
            table.setHorizontalHeaderLabels([str(j) for j in range(column_count)])
        offset = 0
        for grid in grids:
            for i in range(grid.rows):
                for j in range(grid.columns):
                    table.setItem(i, offset + j, self._item(grid, i, j))
            offset += grid.columns
        header = table.horizontalHeader()
        if self.side_by_side:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.resizeColumnsToContents()
        table.setUpdatesEnabled(True)
        table.setCurrentCell(min(row, row_count - 1), min(column, column_count - 1))
        self._tell(table.currentRow(), table.currentColumn())

    def _item(self, grid: ArrayGrid, row: int, column: int) -> QTableWidgetItem:
        item = QTableWidgetItem(grid.cells[row][column] or "·")
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(plain_tooltip(grid.cell_text(row, column)))
        if grid.values is None:
            item.setForeground(QBrush(QColor(self.theme.muted)))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            return item
        background = diverging(self.theme, grid.values[row, column], grid.scale)
        item.setBackground(QBrush(background))
        item.setForeground(QBrush(_readable_on(background)))
        return item

    def grid_at(self, column: int) -> tuple[ArrayGrid, int]:
        """The grid a table column belongs to, and the column within it."""
        for grid in self.shown():
            if column < grid.columns:
                return grid, column
            column -= grid.columns
        raise IndexError(column)

    def _tell(self, row: int, column: int) -> None:
        if row < 0 or column < 0 or not self.grids or self.scalar:
            return
        grid, within = self.grid_at(column)
        self.exact_line.setText(grid.cell_text(row, within))


class NodePage(QStackedWidget):
    """The selected node: a summary of what it is and knows, then its numbers."""

    zoom = 1.0  # the presentation zoom, set by the panel

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.inspection: Inspection | None = None
        self.hint = QLabel(NO_SELECTION_HINT)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # As tall as its wrapped text, never squeezed: the numbers below get the rest of
        # the dock, and past a few rows of them the whole page scrolls instead.
        self.summary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.arrays = ArrayTable(theme)
        self.arrays.table.setMinimumHeight(
            (TABLE_ROWS + 1) * self.arrays.table.verticalHeader().defaultSectionSize())
        details = QWidget()
        details.setObjectName("details")
        layout = QVBoxLayout(details)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.arrays, stretch=1)
        self.details_scroll = QScrollArea()
        self.details_scroll.setObjectName("detailsScroll")
        self.details_scroll.setWidget(details)
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.addWidget(self.hint)
        self.addWidget(self.details_scroll)

    def show_node(self, inspection: Inspection | None) -> None:
        """Show `inspection`, or the hint when nothing is selected."""
        same_node = (self.inspection is not None and inspection is not None
                     and self.inspection.node == inspection.node)
        self.inspection = inspection
        if inspection is None:
            self.setCurrentIndex(0)
            return
        self.summary.setText(scaled_points(self._summary_html(inspection), self.zoom))
        self.arrays.set_grids(array_grids(inspection), keep_tab=same_node)
        self.setCurrentIndex(1)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.arrays.set_theme(theme)
        if self.inspection is not None:
            self.summary.setText(scaled_points(self._summary_html(self.inspection), self.zoom))

    def lines(self) -> list[str]:
        """What the summary says, as plain text lines."""
        shown = self.inspection
        if shown is None:
            return [NO_SELECTION_HINT]
        lines = [_heading(shown)]
        if shown.description.plain != shown.label:
            lines.append(shown.description.plain)
        rows = summary_rows(shown)
        lines.extend(f"{key.plain} {text.plain}".strip() for key, text, _ in rows)
        roles = {role for _, _, role in rows}
        # A known vector or matrix is in the table; its preview stands for it here.
        if "value" not in roles:
            lines.append(f"value {shown.value_text}")
        if "gradient" not in roles:
            lines.append(f"{shown.gradient_symbol.plain} {shown.grad_text}")
        return lines

    def _summary_html(self, shown: Inspection) -> str:
        theme = self.theme
        colours = {"plain": theme.text, "formula": theme.text, "value": theme.forward,
                   "gradient": theme.gradient}
        head = (f'<span style="font-family: {MONO}; font-size: 17pt; font-weight: bold">'
                f"{rich_html(symbol(shown.label), shapes=False)}</span>&nbsp;&nbsp;"
                f'<span style="color: {theme.muted}">{html.escape(_kind(shown))}</span>')
        parts = [f"<div>{head}</div>"]
        if shown.description.plain != shown.label:
            parts.append(f'<div style="font-family: {MONO}; font-size: 12pt">'
                         f"{rich_html(shown.description, shapes=False)}</div>")
        rows = []
        for key, text, role in summary_rows(shown):
            face = f"font-family: {MONO};" if role != "plain" or key.plain == "graph" else ""
            rows.append(f'<tr><td style="color: {theme.muted}; padding-right: 10px" '
                        f'align="right">{rich_html(key, shapes=False)}</td>'
                        f'<td style="color: {colours[role]}; {face}">'
                        f"{rich_html(text, shapes=False)}</td></tr>")
        parts.append('<table cellspacing="0" cellpadding="1" style="margin-top: 6px">'
                     + "".join(rows) + "</table>")
        return "".join(parts)


def _kind(shown: Inspection) -> str:
    """`operation · add`, `variable (gets a gradient)`."""
    return shown.kind + (f" · {shown.op}" if shown.op else "")


def _heading(shown: Inspection) -> str:
    return f"{shown.label} · {_kind(shown)}"


class GradcheckPage(QWidget):
    """The last gradient check: a verdict, one row per parameter, kinks explained.

    Clicking a row selects that parameter on the stage.
    """

    def __init__(self, model: StageModel, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.theme = theme
        self.rows: tuple[GradcheckRow, ...] = ()
        self.summary_text = ""
        self.summary = QLabel(NO_CHECK_HINT)
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(GRADCHECK_COLUMNS))
        _fixed(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setHorizontalHeaderLabels(list(GRADCHECK_COLUMNS))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.cellClicked.connect(lambda row, _: self._select(row))
        self.kinks = QLabel()
        self.kinks.setObjectName("kinks")
        self.kinks.setWordWrap(True)
        self.run_button = QPushButton("Check gradients")
        self.run_button.setToolTip("Run the gradient check at the current parameters (Ctrl+G)")
        self.run_button.clicked.connect(model.check_gradients)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.kinks)
        layout.addLayout(buttons)
        self.show_report(None)

    def show_report(self, report: GradcheckReport | None) -> None:
        """Fill the table from `report`; None: explain what a check does."""
        self.rows = gradcheck_rows(report) if report is not None else ()
        self.summary_text = ""
        self.table.setVisible(report is not None)
        if report is None:
            self.summary.setText(NO_CHECK_HINT)
            self.kinks.setText("")
            self.kinks.hide()
            return
        colour = _tone_colour(self.theme, gradcheck_tone(report))
        self.summary_text = gradcheck_summary(report)
        self.summary.setText(f'<span style="color: {colour}; font-weight: bold">'
                             f"{html.escape(self.summary_text)}</span>")
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            self._fill_row(index, row)
        notes = kink_lines(self.rows)
        self.kinks.setText("<br>".join(html.escape(line) for line in notes))
        self.kinks.setVisible(bool(notes))

    def _fill_row(self, index: int, row: GradcheckRow) -> None:
        verdict = QColor(_tone_colour(self.theme, row.tone))
        texts = (row.parameter, row.rel_error_text, row.verdict, row.kink_text)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(plain_tooltip(row.reason))
            if column == 1:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == 2:
                item.setForeground(QBrush(verdict))
            if column == 3:
                item.setForeground(QBrush(QColor(self.theme.positive)))
            self.table.setItem(index, column, item)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.show_report(self.model.gradcheck_report)

    def _select(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.model.select(self.rows[row].node)

    def lines(self) -> list[str]:
        """The table as plain text lines, `parameter | error | result | kink`."""
        return [f"{row.parameter} | {row.rel_error_text} | {row.verdict} | {row.kink_text}"
                for row in self.rows]


class InspectorPanel(QWidget):
    """The selected node at the current step, and the last gradient check, in two tabs.

    Follows `model`: a selection shows the node tab, a finished gradient check its table.
    """

    def __init__(self, model: StageModel, theme: Theme = LIGHT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InspectorPanel")
        self.model = model
        self.theme = theme
        self.hidden_grads: frozenset[int] = frozenset()  # practice asks for these: "?"
        self.node_page = NodePage(theme)
        self.check_page = GradcheckPage(model, theme)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)
        self.tabs.addTab(self.node_page, "Node")
        self.tabs.addTab(self.check_page, "Gradient check")
        self.data_page = DataTableView()  # what the lesson publishes beside its graph
        self._published: tuple | None = None  # the tables on show, set again only when new
        self.tabs.addTab(self.data_page, "Model")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        model.selection_changed.connect(self._selected)
        model.position_changed.connect(self.refresh)
        model.lesson_changed.connect(self.refresh)
        model.lesson_changed.connect(self._show_published)
        model.position_changed.connect(self._show_published)
        model.gradcheck_changed.connect(self._checked)
        self.set_theme(theme)
        self._show_published()

    def sizeHint(self) -> QSize:
        return QSize(PANEL_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_PANEL_WIDTH, super().minimumSizeHint().height())

    def refresh(self) -> None:
        """Show the selected node as it is after the model's current step."""
        node = self.model.selected
        if node is None or node >= len(self.model.trace.nodes):
            self.node_page.show_node(None)
            return
        picture = picture_without(self.model.picture, self.hidden_grads)
        self.node_page.show_node(inspection_without(
            inspect_node(self.model.trace, picture, node, self.model.lesson.output),
            self.hidden_grads))

    def set_hidden_grads(self, node_ids: frozenset[int]) -> None:
        """Show these nodes' gradients (and the parts arrived so far) as "?"."""
        if node_ids != self.hidden_grads:
            self.hidden_grads = frozenset(node_ids)
            self.refresh()
            self._show_published()

    def _show_published(self) -> None:
        """The lesson's own tables (the negatives' distributions), in the Model tab if any."""
        trace = self.model.trace
        tables = tables_without(published_tables(self.model.lesson),
                                {trace.node(node).label for node in self.hidden_grads
                                 if node < len(trace.nodes)})
        if tables == self._published:
            return  # a step: the same tables (filling them again relaid out the dock)
        self._published = tables
        self.data_page.show_tables(tables)
        self.tabs.setTabVisible(DATA_TAB, bool(tables))

    def _selected(self, node: int | None) -> None:
        self.refresh()
        if node is not None:
            self.tabs.setCurrentIndex(NODE_TAB)

    def _checked(self, report: GradcheckReport | None) -> None:
        self.check_page.show_report(report)
        mark = "" if report is None else " " + TONE_MARKS[gradcheck_tone(report)]
        self.tabs.setTabText(CHECK_TAB, "Gradient check" + mark)
        if report is not None:
            self.tabs.setCurrentIndex(CHECK_TAB)

    zoom = 1.0  # the presentation zoom: every font size of the inspector times this

    def set_zoom(self, factor: float) -> None:
        """Set the inspector's fonts `factor` times their size."""
        self.zoom = factor
        self.set_theme(self.theme)

    def set_theme(self, theme: Theme) -> None:
        """Recolour the panel for `theme`."""
        self.theme = theme
        palette = self.palette()
        for role, colour in ((QPalette.ColorRole.Window, theme.panel),
                             (QPalette.ColorRole.Base, theme.background),
                             (QPalette.ColorRole.WindowText, theme.text),
                             (QPalette.ColorRole.Text, theme.text)):
            palette.setColor(role, QColor(colour))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setStyleSheet(scaled_points(_style_sheet(theme), self.zoom))
        self.node_page.zoom = self.zoom
        self.node_page.set_theme(theme)
        self.check_page.set_theme(theme)
        self.refresh()

    def plain_text(self) -> str:
        """What the panel shows, as plain text: the node summary, then the check's rows."""
        parts = self.node_page.lines()
        if self.check_page.rows:
            parts += [self.check_page.summary_text, *self.check_page.lines(),
                      *kink_lines(self.check_page.rows)]
        return "\n".join(part for part in parts if part)


def _style_sheet(theme: Theme) -> str:
    return f"""
    #InspectorPanel QLabel {{ color: {theme.text}; font-size: 11pt; }}
    #InspectorPanel QLabel#hint {{ color: {theme.muted}; font-size: 12pt; padding: 24px; }}
    #InspectorPanel QLabel#exact {{ color: {theme.muted}; font-size: 10pt;
        font-family: {MONO}; }}
    #InspectorPanel QTableWidget::item {{ padding: 0px 6px; }}
    #InspectorPanel QLabel#kinks {{ color: {theme.muted}; font-size: 10pt; }}
    #InspectorPanel QTableWidget {{ background: {theme.background}; color: {theme.text};
        gridline-color: {theme.panel}; border: 1px solid {theme.edge}; font-size: 10pt;
        font-family: {MONO}; }}
    #InspectorPanel QTableWidget::item {{ padding: 0px 6px; }}
    #InspectorPanel QHeaderView::section {{ background: {theme.panel}; color: {theme.muted};
        border: none; padding: 2px 4px; font-size: 10pt; }}
    #InspectorPanel QTableCornerButton::section {{ background: {theme.panel}; border: none; }}
    #InspectorPanel QTabWidget::pane {{ border: none; background: {theme.panel}; }}
    #InspectorPanel QTabBar::tab {{ background: {theme.panel}; color: {theme.muted};
        padding: 5px 12px; border: none; font-size: 10pt; }}
    #InspectorPanel QTabBar::tab:selected {{ color: {theme.text};
        border-bottom: 2px solid {theme.selection}; }}
    #InspectorPanel QPushButton {{ background: {theme.background}; color: {theme.text};
        border: 1px solid {theme.edge}; border-radius: 4px; padding: 4px 12px; }}
    #InspectorPanel QStackedWidget, #InspectorPanel QScrollArea#detailsScroll,
    #InspectorPanel QWidget#details {{ background: {theme.panel}; }}
    """
