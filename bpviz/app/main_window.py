"""The main window: the lesson chooser, the two linked views, the ledger and inspector, the
controls and the transport, with the menus, shortcuts and settings of a desktop app."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QDockWidget, QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget,
    QToolBar, QVBoxLayout, QWidget,
)

from bpviz import __version__
from bpviz.app.circuit_view import CircuitView
from bpviz.app.expression_editor import ExpressionEditor
from bpviz.app.help_text import ABOUT_HTML, shortcuts_html
from bpviz.app.inspector_panel import InspectorPanel
from bpviz.app.ledger_panel import LedgerPanel
from bpviz.app.lesson_catalog import CATALOG, DEFAULT_KEY, LessonEntry, entry
from bpviz.app.neuron_view import NeuronView
from bpviz.app.palette import qt_palette
from bpviz.app.settings_store import checked_settings, read_choice, restore_state
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import THEMES, Theme
from bpviz.app.transport_bar import TransportBar
from bpviz.app.window_controls import WindowControls

DEFAULT_SIZE = (1360, 860)
LESSON_KEYS = frozenset(item.key for item in CATALOG if item.page)  # what "lesson" may hold
ERROR_SECONDS = 15


class MainWindow(QMainWindow):
    """bpviz's main window. `settings` keeps size, layout, lesson and theme between runs."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = checked_settings(settings if settings is not None
                                         else QSettings("bpviz", "bpviz"))
        self.lesson_entry = entry(read_choice(self.settings, "lesson", LESSON_KEYS, DEFAULT_KEY))
        self.stage_entry = self.lesson_entry if self.lesson_entry.page == "stage" else entry(
            DEFAULT_KEY)  # the stage's lesson, also while a lab is shown
        self.setWindowTitle(f"bpviz — {self.lesson_entry.title}")
        self.model = StageModel(self.stage_entry.make(), self)
        self._lessons = {self.stage_entry.key: self.model.lesson}  # each key's last lesson
        self.lab = None  # the BoundaryLab, built when first shown: it takes ~0.3 s
        self._stage_docks_shown: list[bool] = []
        self.model.lesson_changed.connect(self._remember_lesson)
        self.theme = THEMES[read_choice(self.settings, "theme", THEMES, "light")]
        self._build_views()
        self._build_docks()
        self._build_toolbar()
        self._build_menus()
        self.model.error.connect(self.show_error)
        self._show_controls_for(self.stage_entry)
        self._sync_neuron_view()
        self.set_theme(self.theme)
        self._restore_layout()
        if self.lesson_entry.page == "lab":
            self._show_lab()

    # ---------------------------------------------------------------- building

    def _build_views(self) -> None:
        self.circuit_view = CircuitView(self.model, self.theme)
        self.neuron_view = NeuronView(self.model, self.theme)
        self.views = QSplitter(Qt.Orientation.Vertical)
        self.views.setObjectName("views")
        self.views.addWidget(self.circuit_view)
        self.views.addWidget(self.neuron_view)
        self.views.setSizes([560, 300])
        self.transport = TransportBar(self.model)
        self.stage = QWidget()
        layout = QVBoxLayout(self.stage)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.views, stretch=1)
        layout.addWidget(self.transport)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.stage)
        self.setCentralWidget(self.pages)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower().replace(" ", "-"))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.window_controls = WindowControls(self.model)
        self.expression_editor = ExpressionEditor(self.model)
        self.controls = QStackedWidget()
        self.controls.addWidget(self.window_controls)
        self.controls.addWidget(self.expression_editor)
        self.ledger = LedgerPanel(self.model, self.theme)
        self.inspector = InspectorPanel(self.model, self.theme)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        # All on the right, settings and inspector sharing tabs: the stage gets the width.
        self.ledger_dock = self._dock("Chain-rule ledger", self.ledger, right)
        self.controls_dock = self._dock("Lesson settings", self.controls, right)
        self.inspector_dock = self._dock("Inspector", self.inspector, right)
        self.tabifyDockWidget(self.controls_dock, self.inspector_dock)
        self.controls_dock.raise_()
        self.model.selection_changed.connect(self._inspect)
        self.model.gradcheck_changed.connect(self._inspect)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Lesson")
        toolbar.setObjectName("lesson-toolbar")
        toolbar.setMovable(False)
        self.lesson_chooser = QComboBox()
        self.lesson_chooser.setToolTip("Choose what to step through")
        for item in CATALOG:
            self.lesson_chooser.addItem(item.title, item.key)
            if not item.page:  # announced lessons are listed but cannot be picked
                self.lesson_chooser.model().item(self.lesson_chooser.count() - 1).setEnabled(False)
        self.lesson_chooser.setCurrentIndex(self.lesson_chooser.findData(self.lesson_entry.key))
        self.lesson_chooser.currentIndexChanged.connect(
            lambda: self.choose_lesson(self.lesson_chooser.currentData()))
        toolbar.addWidget(QLabel(" Lesson: "))
        toolbar.addWidget(self.lesson_chooser)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _action(self, text: str, slot, shortcut: str | QKeySequence = "", tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text)
        action.setStatusTip(tip or text)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_data_action = self._action(
            "&Open data set…", self.open_data_set, "Ctrl+O",
            "Load a CSV data set (x1, x2, label) into the decision-boundary lab")
        self.save_data_action = self._action(
            "&Save data set…", lambda: self.lab.save_dialog(), "Ctrl+S",
            "Save the lab's data set (with your drawn points) as CSV")
        self.save_data_action.setEnabled(False)
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        file_menu.addActions([self.open_data_action, self.save_data_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        lesson_menu = bar.addMenu("&Lesson")
        for item in CATALOG:
            if item.page:
                lesson_menu.addAction(self._action(item.title, lambda _=False, key=item.key:
                                                   self.choose_lesson(key)))
        lesson_menu.addSeparator()
        self.check_action = self._action(
            "Check &gradients", self.model.check_gradients, "Ctrl+G",
            "Compare backprop's gradients with central differences and colour the parameters")
        lesson_menu.addAction(self.check_action)

        self.step_menu = bar.addMenu("&Step")
        self.step_menu.addActions(self.transport.actions())
        self.lab_menu = bar.addMenu("L&ab")  # filled when the lab is built
        self.lab_menu.menuAction().setVisible(False)

        view_menu = bar.addMenu("&View")
        self.circuit_action = self._toggle_action(
            "&Circuit view", "one node per operation on whole vectors and matrices",
            self.circuit_view.setVisible)
        self.neuron_action = self._toggle_action(
            "&Neuron view", "every scalar unit and weight (window lessons)",
            lambda _shown: self._sync_neuron_view())
        view_menu.addActions([self.circuit_action, self.neuron_action])
        self.fit_action = self._action("&Fit circuit to window", self.circuit_view.fit, "Ctrl+0")
        view_menu.addAction(self.fit_action)
        view_menu.addSeparator()
        for dock in (self.controls_dock, self.ledger_dock, self.inspector_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.theme_actions = QActionGroup(self)
        for theme in THEMES.values():
            action = self._action(f"{theme.name.title()} theme",
                                  lambda _=False, chosen=theme: self.set_theme(chosen))
            action.setCheckable(True)
            action.setChecked(theme is self.theme)
            self.theme_actions.addAction(action)
            view_menu.addAction(action)

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, "F1")
        self.about_action = self._action("&About bpviz", self.show_about)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _toggle_action(self, title: str, tip: str, slot) -> QAction:
        action = QAction(title, self)
        action.setCheckable(True)
        action.setChecked(True)
        action.setToolTip(f"Show or hide the {title.replace('&', '').lower()}: {tip}")
        action.toggled.connect(slot)
        return action

    def _sync_neuron_view(self) -> None:
        """An expression has no neurons: its lesson gives the circuit the whole stage."""
        self.neuron_view.setVisible(self.neuron_action.isChecked()
                                    and self.lesson_entry.controls != "expression")

    # ---------------------------------------------------------------- behaviour

    def choose_lesson(self, key: str) -> None:
        """Show the lesson `key` as it was last left (else its default), from its start."""
        chosen = entry(key)
        if chosen is self.lesson_entry:
            return
        self.lesson_entry = chosen
        self.setWindowTitle(f"bpviz — {chosen.title}")
        self.settings.setValue("lesson", chosen.key)
        self.lesson_chooser.blockSignals(True)
        self.lesson_chooser.setCurrentIndex(self.lesson_chooser.findData(chosen.key))
        self.lesson_chooser.blockSignals(False)
        if chosen.page == "lab":
            self._show_lab()
            return
        self._show_stage()
        self.stage_entry = chosen
        self._show_controls_for(chosen)
        self._sync_neuron_view()
        self.model.set_lesson(self._lessons.get(chosen.key) or chosen.make())

    def _inspect(self, what) -> None:
        """A node picked or a gradient check run: bring the inspector's tab to the front."""
        if what is not None:
            self.inspector_dock.raise_()

    def _remember_lesson(self) -> None:
        self._lessons[self.stage_entry.key] = self.model.lesson

    def open_data_set(self) -> None:
        """Switch to the decision-boundary lab and ask for a CSV file to load there."""
        self.choose_lesson("boundary-lab")
        self.lab.open_dialog()

    def _build_lab(self) -> None:
        # Imported here: pyqtgraph and the lab would add ~0.3 s to every launch.
        from bpviz.app.lab.boundary_lab import BoundaryLab
        from bpviz.app.lab.lab_model import LabModel

        self.lab = BoundaryLab(LabModel(parent=self), self.theme)
        actions = self.lab.actions()
        for action in actions[:2]:  # the File menu's own Open and Save call the lab's
            action.setShortcuts([])
        self.lab_menu.addActions(actions[2:])
        self.pages.addWidget(self.lab)

    def _show_lab(self) -> None:
        """The lab takes the whole window: the stage's docks, keys and menu step aside."""
        if self.lab is None:
            self._build_lab()
        if self.pages.currentWidget() is self.lab:
            return
        self.transport.pause()
        self._stage_docks_shown = [not dock.isHidden() for dock in self._stage_docks()]
        for dock in self._stage_docks():
            dock.hide()
        self._set_stage_keys(False)
        self.pages.setCurrentWidget(self.lab)

    def _show_stage(self) -> None:
        if self.pages.currentWidget() is self.stage:
            return
        self.pages.setCurrentWidget(self.stage)
        for dock, shown in zip(self._stage_docks(), self._stage_docks_shown):
            dock.setVisible(shown)
        self._set_stage_keys(True)

    def _stage_docks(self) -> tuple[QDockWidget, ...]:
        return (self.controls_dock, self.ledger_dock, self.inspector_dock)

    def _set_stage_keys(self, on_stage: bool) -> None:
        """Space, arrows and Home belong to whichever page is showing."""
        self.step_menu.menuAction().setVisible(on_stage)
        self.step_menu.setEnabled(on_stage)
        for action in (*self.transport.actions(), self.check_action, self.fit_action):
            action.setEnabled(on_stage)
        self.lab_menu.menuAction().setVisible(not on_stage)
        self.save_data_action.setEnabled(not on_stage)
        if on_stage:
            self.transport.refresh()

    def _show_controls_for(self, chosen: LessonEntry) -> None:
        if chosen.controls == "expression":
            self.controls.setCurrentWidget(self.expression_editor)
        else:
            self.window_controls.set_kind(chosen.controls)
            self.controls.setCurrentWidget(self.window_controls)

    def set_theme(self, theme: Theme) -> None:
        """Repaint every view and panel in `theme` and remember the choice."""
        self.theme = theme
        self.settings.setValue("theme", theme.name)
        self.setPalette(qt_palette(theme))
        for widget in (self.circuit_view, self.neuron_view, self.ledger, self.inspector, self.lab):
            if widget is not None:
                widget.set_theme(theme)

    def show_error(self, message: str) -> None:
        """Tell the user what went wrong (the transport also shows it); the lesson stays."""
        self.statusBar().showMessage(message, ERROR_SECONDS * 1000)

    def shortcuts_text(self) -> str:
        """The keyboard help: every action that has a shortcut."""
        return shortcuts_html([*self.transport.actions(), self.check_action, self.fit_action,
                               self.shortcuts_action, self.quit_action])

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcuts_text())

    def about_text(self) -> str:
        return ABOUT_HTML.format(version=__version__)

    def show_about(self) -> None:
        QMessageBox.about(self, "About bpviz", self.about_text())

    # ---------------------------------------------------------------- settings

    def _restore_layout(self) -> None:
        # Each value is checked first: a damaged settings file means defaults, not a crash.
        if not restore_state(self.settings, "geometry", self.restoreGeometry):
            self.resize(*DEFAULT_SIZE)
        restore_state(self.settings, "window-state", self.restoreState)
        restore_state(self.settings, "views", self.views.restoreState)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.lab is not None:
            self.lab.model.pause()
        if self.pages.currentWidget() is not self.stage:  # save the stage's docks as they were
            for dock, shown in zip(self._stage_docks(), self._stage_docks_shown):
                dock.setVisible(shown)
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window-state", self.saveState())
        self.settings.setValue("views", self.views.saveState())
        self.settings.sync()
        super().closeEvent(event)
