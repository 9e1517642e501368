"""The backprop stage as a page: the circuit and neuron views, the transport, and its docks
(lesson settings, chain-rule ledger, inspector)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget, QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from bpviz.app.circuit_view import CircuitView
from bpviz.app.expression_editor import ExpressionEditor
from bpviz.app.gate_glyphs import GateGlyphs
from bpviz.app.inspector_panel import InspectorPanel
from bpviz.app.ledger_panel import LedgerPanel
from bpviz.app.lesson_catalog import LessonEntry
from bpviz.app.neuron_view import NeuronView
from bpviz.app.notes_panel import NotesPanel, TeacherNotes
from bpviz.app.pages.page import Page
from bpviz.app.practice_controller import PracticeController
from bpviz.app.preset_menu import PresetChooser
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import Theme
from bpviz.app.transport_bar import TransportBar
from bpviz.app.window_controls import WindowControls
from bpviz.app.word_vector_controls import WordVectorControls
from bpviz.lessons.lesson import Lesson
from bpviz.lessons.stepper import Stepper
from bpviz.lessons.word_vector_catalog import WORD_KINDS

if TYPE_CHECKING:  # exports and session files load when first used, not at the start
    from bpviz.app.export.views import ExportView
    from bpviz.sessions import Session


def window_action(window: QMainWindow, text: str, slot, shortcut: str = "",
                  tip: str = "") -> QAction:
    """An action of the window with a shortcut, a tooltip and a status tip."""
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip or text)
    action.setStatusTip(tip or text)
    action.triggered.connect(slot)
    return action


class StagePage(Page):
    """Step a lesson's forward and backward pass; the lesson comes from the catalog."""

    name = "stage"
    menu_title = "&Step"
    can_save = True

    def __init__(self, window: QMainWindow, theme: Theme, lesson: Lesson,
                 entry: LessonEntry) -> None:
        super().__init__(window, theme)
        self.model = StageModel(lesson, window)
        self.entry = entry
        self._build_views()
        self._build_docks()
        self._build_actions()
        self.show_lesson_controls(entry)

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
        self.practice = PracticeController(self.model, self.circuit_view, self.transport,
                                           lambda: self.entry.key, self.stage,
                                           lambda: self.ledger.ledger())  # the panel's
        layout.insertWidget(1, self.practice.panel)  # between the views and the transport
        self.gate_glyphs = GateGlyphs(self.circuit_view, self.stage)
        layout.insertWidget(1, self.gate_glyphs.legend)

    def _dock(self, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(title.lower().replace(" ", "-"))
        dock.setWidget(widget)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _build_docks(self) -> None:
        self.window_controls = WindowControls(self.model)
        self.expression_editor = ExpressionEditor(self.model)
        self.controls = QStackedWidget()
        self.controls.addWidget(self.window_controls)
        self.controls.addWidget(self.expression_editor)
        self.presets = PresetChooser(self.model, self.practice.set_active)
        self.expression_editor.layout().insertWidget(0, self.presets)
        self.word_controls = WordVectorControls(self.model)
        self.controls.addWidget(self.word_controls)
        self.ledger = LedgerPanel(self.model, self.theme)
        self.inspector = InspectorPanel(self.model, self.theme)
        # Practice keeps the gradients it asks for off these too, as off the circuit.
        self.practice.screens += [self.ledger, self.inspector, self.neuron_view]
        # All on the right, settings and inspector sharing tabs: the stage gets the width.
        self.ledger_dock = self._dock("Chain-rule ledger", self.ledger)
        self.controls_dock = self._dock("Lesson settings", self.controls)
        self.inspector_dock = self._dock("Inspector", self.inspector)
        self.window.tabifyDockWidget(self.controls_dock, self.inspector_dock)
        self.controls_dock.raise_()
        # A session's title and notes, beside the ledger; shown when a file brings some.
        self.notes = TeacherNotes()
        self.notes_panel = NotesPanel(self.model, self.notes)
        self.notes_dock = self._dock("Notes", self.notes_panel)
        self.window.splitDockWidget(self.ledger_dock, self.notes_dock, Qt.Orientation.Vertical)
        self.notes_dock.hide()
        self._notes_shown = False
        self.model.selection_changed.connect(self._inspect)
        self.model.gradcheck_changed.connect(self._inspect)

    def _build_actions(self) -> None:
        window = self.window
        self.check_action = window_action(
            window, "Check &gradients", self.model.check_gradients, "Ctrl+G",
            "Compare backprop's gradients with central differences and colour the parameters")
        self.fit_action = window_action(window, "&Fit circuit to window", self.circuit_view.fit,
                                        "F")
        self.circuit_action = _toggle_action(
            window, "&Circuit view", "one node per operation on whole vectors and matrices",
            self.circuit_view.setVisible)
        self.neuron_action = _toggle_action(
            window, "&Neuron view", "every scalar unit and weight (window lessons)",
            lambda _shown: self.sync_neuron_view())
        self.sync_neuron_view()

    # ---------------------------------------------------------------- the page

    @property
    def widget(self) -> QWidget:
        return self.stage

    def menu_actions(self) -> list[QAction]:
        return [*self.transport.actions(), self.check_action, self.practice.action,
                self.practice.drill_action]

    def view_actions(self) -> list[QAction]:
        return [self.circuit_action, self.neuron_action, self.fit_action, self.gate_glyphs.action,
                *super().view_actions(), self.notes_dock.toggleViewAction()]

    def docks(self) -> list[QDockWidget]:
        return [self.controls_dock, self.ledger_dock, self.inspector_dock]

    def focus_widget(self) -> QWidget:
        return self.circuit_view

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        for widget in (self.circuit_view, self.neuron_view, self.ledger, self.inspector):
            widget.set_theme(theme)

    def set_zoom(self, factor: float) -> None:
        self.circuit_view.set_presentation_zoom(factor)
        self.neuron_view.canvas.set_presentation_zoom(factor)
        self.ledger.set_zoom(factor)
        self.inspector.set_zoom(factor)

    def activate(self) -> None:
        super().activate()
        self.notes_dock.setVisible(self._notes_shown)
        self.fit_action.setEnabled(True)
        self.practice.enable_drill()  # off again where the lesson has nothing to drill
        self.transport.refresh()

    def deactivate(self) -> None:
        self.transport.pause()
        self._notes_shown = not self.notes_dock.isHidden()
        self.notes_dock.hide()
        super().deactivate()
        self.fit_action.setEnabled(False)

    def close(self) -> None:
        self.transport.pause()

    # ---------------------------------------------------------------- lessons

    def show_lesson(self, entry: LessonEntry, lesson: Lesson,
                    left_at: Stepper | None = None) -> None:
        """Put `lesson` on stage with its settings panel (where `left_at` left it, if given)."""
        self.entry = entry
        self.show_lesson_controls(entry)
        self.sync_neuron_view()
        self.model.set_lesson(lesson, left_at)

    def show_lesson_controls(self, entry: LessonEntry) -> None:
        if entry.controls == "expression":
            self.controls.setCurrentWidget(self.expression_editor)
        elif entry.controls in WORD_KINDS:
            self.word_controls.set_kind(entry.controls)
            self.controls.setCurrentWidget(self.word_controls)
        else:
            self.window_controls.set_kind(entry.controls)
            self.controls.setCurrentWidget(self.window_controls)

    def capture_session(self, title: str, notes: dict[int, str], saved_by: str,
                        data_beside: Path | None = None) -> Session:
        from bpviz.sessions import stage_session  # loaded when a session is first saved

        return stage_session(self.entry.key, self.model.lesson, self.model.index, title, notes,
                             saved_by)

    def changed_signals(self) -> list:
        return [self.model.lesson_changed, self.model.position_changed, self.notes_panel.edited]

    def export_views(self) -> list[ExportView]:
        from bpviz.app.export.views import ExportView  # loaded at the first export

        views = [*super().export_views(), ExportView("circuit", "The circuit", self.circuit_view)]
        if not self.neuron_view.isHidden():
            views.append(ExportView("neuron", "The neuron view", self.neuron_view))
        return [*views, ExportView("ledger", "The chain-rule ledger", self.ledger),
                ExportView("inspector", "The inspector", self.inspector),
                ExportView("settings", "The lesson settings", self.controls)]

    def show_notes(self, title: str, notes: dict[int, str]) -> None:
        """A session's title and notes; the notes dock shows if there are any."""
        self.notes.replace(title, notes)
        self.notes_panel.refresh()
        if self.notes:
            self._notes_shown = True
            self.notes_dock.show()
            self.notes_dock.raise_()

    def sync_neuron_view(self) -> None:
        """An expression or a word-vector objective has no neurons: its lesson gives the
        circuit the whole stage."""
        self.neuron_view.setVisible(self.neuron_action.isChecked()
                                    and self.entry.controls not in ("expression", *WORD_KINDS))

    def _inspect(self, what) -> None:
        """A node picked or a gradient check run: bring the inspector's tab to the front."""
        if what is not None:
            self.inspector_dock.raise_()


def _toggle_action(window: QMainWindow, title: str, tip: str, slot) -> QAction:
    action = QAction(title, window)
    action.setCheckable(True)
    action.setChecked(True)
    action.setToolTip(f"Show or hide the {title.replace('&', '').lower()}: {tip}")
    action.toggled.connect(slot)
    return action
