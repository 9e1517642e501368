"""The main window: the lesson chooser and the pages (the backprop stage, the labs), with the
menus, shortcuts and settings of a desktop app. Each page brings its own widget, menu,
File and View actions and docks; the window switches between them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox, QApplication, QComboBox, QLabel, QLineEdit, QMainWindow, QMenu,
    QMessageBox, QStackedWidget, QToolBar, QWidget,
)

from bpviz import __version__
from bpviz.app.help_text import ABOUT_HTML, shortcuts_html
from bpviz.app.ledger_export import LedgerExport
from bpviz.app.lesson_catalog import CATALOG, DEFAULT_KEY, entry
from bpviz.app.pages import LAZY_PAGES, Page
from bpviz.app.pages.stage_page import StagePage, window_action
from bpviz.app.palette import qt_palette
from bpviz.app.presentation import DEFAULT_STEP, ZOOM_STEPS, step_of, step_text
from bpviz.app.session_files import SessionFiles
from bpviz.app.settings_store import checked_settings, read_choice, restore_state
from bpviz.app.theme import THEMES, Theme
from bpviz.lessons.stepper import Stepper

if TYPE_CHECKING:  # session files load when one is first saved or opened
    from bpviz.sessions import Opened, Session

DEFAULT_SIZE = (1360, 860)
LESSON_KEYS = frozenset(item.key for item in CATALOG if item.page)  # what "lesson" may hold
ERROR_SECONDS = 15
STAGE_PARTS = ("model", "circuit_view", "neuron_view", "views", "transport", "stage",
               "window_controls", "expression_editor", "controls", "ledger", "inspector",
               "ledger_dock", "controls_dock", "inspector_dock", "check_action", "fit_action",
               "circuit_action", "neuron_action")
_CONFIRMS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
ZOOM_TEXTS = frozenset(step_text(step) for step in range(len(ZOOM_STEPS)))


def first_size(available: tuple[int, int]) -> tuple[int, int]:
    """The window's size on a first run: DEFAULT_SIZE, or the screen's free area where that
    is smaller (a 1280×720 projector), so nothing starts off the screen."""
    return min(DEFAULT_SIZE[0], available[0]), min(DEFAULT_SIZE[1], available[1])


class MainWindow(QMainWindow):
    """bpviz's main window. `settings` keeps size, layout, lesson and theme between runs."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = checked_settings(settings if settings is not None
                                         else QSettings("bpviz", "bpviz"))
        self.lesson_entry = entry(read_choice(self.settings, "lesson", LESSON_KEYS, DEFAULT_KEY))
        stage_entry = self.lesson_entry if self.lesson_entry.page == "stage" else entry(
            DEFAULT_KEY)  # the stage's lesson, also while a lab is shown
        self.setWindowTitle(f"bpviz — {self.lesson_entry.title}")
        self.theme = THEMES[read_choice(self.settings, "theme", THEMES, "light")]
        self._apply_palette(self.theme)  # first: the stage is built in it, not repainted
        self.stage_page = StagePage(self, self.theme, stage_entry.make(), stage_entry)
        self._name_stage_parts()
        self._lessons = {stage_entry.key: self.stage_page.model.lesson}  # each key's last lesson
        self._left_at: dict[str, Stepper] = {}  # where each stage lesson was left
        self.stage_page.model.lesson_changed.connect(self._remember_lesson)
        self.stage_page.model.error.connect(self.show_error)
        self.built_pages: dict[str, Page] = {"stage": self.stage_page}
        self.pages = QStackedWidget()
        self.pages.addWidget(self.stage_page.widget)
        self.setCentralWidget(self.pages)
        self.current_page: Page = self.stage_page
        self.session_files = SessionFiles(self, self.settings, recovery_folder(self.settings))
        self.session_files.file_changed.connect(self._show_title)
        self._quitting = False
        self._build_toolbar()
        self._build_menus()
        self.zoom_step = step_of(read_choice(self.settings, "zoom", ZOOM_TEXTS,
                                             step_text(DEFAULT_STEP)))
        if self.zoom_step != DEFAULT_STEP:  # the stage is built at actual size: laid out once
            self._apply_zoom()
        self._restore_layout()
        self.stage_page.practice.drill_waits = True  # until the first paint: see _painted
        self._show_page(self._page(self.lesson_entry.page))
        self._first_paint = FirstPaint(self.pages, self._painted)
        self._watch_changes(self.stage_page)  # from here on, a change is unsaved
        QApplication.instance().installEventFilter(self)

    # ---------------------------------------------------------------- the pages' parts

    def _name_stage_parts(self) -> None:
        """The stage's model, views, docks and actions, by the names scripts and tests use."""
        for name in STAGE_PARTS:
            setattr(self, name, getattr(self.stage_page, name))

    @property
    def lab(self):
        """The decision-boundary lab, once it has been shown (else None)."""
        page = self.built_pages.get("lab")
        return page.lab if page is not None else None

    @property
    def save_data_action(self) -> QAction | None:
        """The lab's Save action (None until the lab has been built)."""
        lab = self.lab
        return lab.save_action if lab is not None else None

    # ---------------------------------------------------------------- building

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

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.open_in_lab_action = window_action(
            self, "&Open data set…", self.open_data_set, "Ctrl+Shift+O",
            "Load a CSV data set (x1, x2, label) into the decision-boundary lab")
        self.quit_action = window_action(self, "&Quit", self.quit, "Ctrl+Q")
        self.ledger_export = LedgerExport(self, self.stage_page)  # the stage's ledger only
        self.export_image_action = window_action(
            self, "Export &image…", self.export_image, "Ctrl+E",
            "The window, the page or one of its views as a PNG or SVG picture")
        self.addAction(self.export_image_action)
        self.export_animation_action = window_action(
            self, "Export &animation…", self.export_animation, "",
            "The lesson's forward and backward pass, or epochs of a lab, as a GIF or an MP4")
        lesson_menu = bar.addMenu("&Lesson")
        for item in CATALOG:
            if item.page:
                lesson_menu.addAction(window_action(
                    self, item.title, lambda _=False, key=item.key: self.choose_lesson(key)))
        self.page_menus: dict[str, QMenu] = {}
        self._separators: list[QAction] = []
        self._page_menu(self.stage_page)
        self.view_menu = bar.addMenu("&View")
        self.zoom_actions = [
            window_action(self, "Zoom &in", lambda: self.zoom_by(1), "Ctrl+=",
                          "Larger text and views for a projector (Ctrl+= or Ctrl++)"),
            window_action(self, "Zoom &out", lambda: self.zoom_by(-1), "Ctrl+-"),
            window_action(self, "&Actual size", self.reset_zoom, "Ctrl+0")]
        self.zoom_actions[0].setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.addActions(self.zoom_actions)
        self.full_screen_action = window_action(
            self, "&Full screen", self.toggle_full_screen, "F11",
            "Fill the whole screen, for a projector (F11 again to leave)")
        self.full_screen_action.setCheckable(True)
        self.addAction(self.full_screen_action)
        self.theme_actions = QActionGroup(self)
        for theme in THEMES.values():
            action = window_action(self, f"{theme.name.title()} theme",
                                   lambda _=False, chosen=theme: self.set_theme(chosen))
            action.setCheckable(True)
            action.setChecked(theme is self.theme)
            self.theme_actions.addAction(action)
        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = window_action(self, "&Keyboard shortcuts", self.show_shortcuts,
                                              "F1", "The keys of the page on show")
        self.about_action = window_action(self, "&About bpviz", self.show_about)
        help_menu.addActions([self.shortcuts_action, self.about_action])

    def _page_menu(self, page: Page) -> QMenu:
        """The page's own menu, before View; built once, shown only with its page."""
        if page.name not in self.page_menus:
            menu = QMenu(page.menu_title, self)
            menu.addActions(page.menu_actions())
            view = getattr(self, "view_menu", None)
            self.menuBar().insertMenu(view.menuAction(), menu) if view else \
                self.menuBar().addMenu(menu)
            self.page_menus[page.name] = menu
        return self.page_menus[page.name]

    def _fill_menus(self, page: Page) -> None:
        """File and View list what the page on show offers."""
        files = page.file_actions() or [self.open_in_lab_action]
        _set_actions(self.file_menu, [*self.session_files.actions(), self._separator(3), *files,
                                      self.export_image_action, self.export_animation_action,
                                      *self.ledger_export.actions_for(page),
                                      self._separator(0), self.quit_action])
        self.session_files.set_can_save(page.can_save)
        self.session_files.show_for(page.name)
        _set_actions(self.view_menu, [*page.view_actions(), self._separator(1),
                                      *self.zoom_actions, self.full_screen_action,
                                      self._separator(2),
                                      *self.theme_actions.actions()])
        for name, menu in self.page_menus.items():
            menu.menuAction().setVisible(name == page.name)
            menu.setEnabled(name == page.name)

    def _separator(self, index: int) -> QAction:
        """One of the window's own separators (a menu's cleared ones would be deleted)."""
        while len(self._separators) <= index:
            separator = QAction(self)
            separator.setSeparator(True)
            self._separators.append(separator)
        return self._separators[index]

    # ---------------------------------------------------------------- pages

    def _page(self, name: str) -> Page:
        """The page called `name`, built the first time it is asked for."""
        if name not in self.built_pages:
            page = LAZY_PAGES[name](self, self.theme)
            self.built_pages[name] = page
            self.pages.addWidget(page.widget)
            for action in page.file_actions():
                self.removeAction(action)
            self._page_menu(page)
            page.set_zoom(self.zoom)
            page.deactivate()
            if hasattr(self, "session_files"):
                self._watch_changes(page)
        return self.built_pages[name]

    def _show_page(self, page: Page) -> None:
        """Show `page` with its docks, menu and keys; the others step aside and pause."""
        for other in self.built_pages.values():
            if other is not page:
                other.deactivate()
        self.current_page = page
        self.pages.setCurrentWidget(page.widget)
        page.activate()
        self._fill_menus(page)

    def choose_lesson(self, key: str) -> None:
        """Show the lesson `key` as it was last left, at the step it was left at (else its
        default, from its start)."""
        chosen = entry(key)
        if chosen is self.lesson_entry:
            return
        if self.lesson_entry.page == "stage":
            self._left_at[self.lesson_entry.key] = self.stage_page.model.stepper
        self.lesson_entry = chosen
        self._show_title()
        self.settings.setValue("lesson", chosen.key)
        self.lesson_chooser.blockSignals(True)
        self.lesson_chooser.setCurrentIndex(self.lesson_chooser.findData(chosen.key))
        self.lesson_chooser.blockSignals(False)
        if chosen.page == "stage":
            self.stage_page.show_lesson(chosen, self._lessons.get(chosen.key) or chosen.make(),
                                        self._left_at.get(chosen.key))
        self._show_page(self._page(chosen.page))

    # ---------------------------------------------------------------- session files

    def _watch_changes(self, page: Page) -> None:
        for signal in page.changed_signals():
            signal.connect(self.session_files.mark_changed)

    def _show_title(self) -> None:
        """`bpviz — lesson`, then the session file's name (and * while it has changes)."""
        title = f"bpviz — {self.lesson_entry.title}"
        files = getattr(self, "session_files", None)
        if files is not None and files.holds_shown():
            title += f" — {files.path.name}{' *' if files.dirty else ''}"
        elif files is not None and files.path is not None:
            title += " — unsaved"  # the file holds another page: Save asks for a new one
        self.setWindowTitle(title)

    def shown_lesson(self) -> str:
        """The key of the lesson or lab on show (what a session file saved now holds)."""
        return self.lesson_entry.key

    def capture_session(self, data_beside: Path | None = None) -> Session:
        """The page on show as a session file holds it, with the teacher's title and notes
        (and with `data_beside`, the lab's data in a CSV file beside that path)."""
        notes = self.stage_page.notes
        by_step = notes.by_step if self.current_page is self.stage_page else {}
        return self.current_page.capture_session(notes.title, dict(by_step),
                                                 f"bpviz {__version__}", data_beside)

    def restore_session(self, opened: Opened) -> None:
        """Show what a session file holds: its lesson or lab exactly as saved, its notes."""
        state = opened.state
        if opened.page != "stage":  # a lab page: the lesson it is, then its state
            self.choose_lesson(opened.file.lesson)
            self.built_pages[opened.page].restore(state)
            self.stage_page.notes.replace(opened.file.title, {})
            return
        chosen = entry(state.key)
        self._lessons[chosen.key] = state.lesson
        if chosen is not self.lesson_entry:
            self.choose_lesson(chosen.key)  # shows the restored lesson, remembered above
        else:
            self.stage_page.show_lesson(chosen, state.lesson)
        self.stage_page.model.seek(state.step)
        self.stage_page.show_notes(opened.file.title, opened.file.notes)

    def _painted(self) -> None:
        """After the first paint: the work the first window does not show."""
        self.stage_page.practice.drill_waits = False
        self.stage_page.practice.enable_drill()

    def after_start(self, session: str | None = None) -> None:
        """Once shown: open the session file given on the command line, or else offer
        back the autosave a crash left."""
        if session is not None:
            self.session_files.open_path(session)
        else:
            self.session_files.offer_recovery()

    def quit(self) -> None:
        """File → Quit: ask about unsaved changes, then close."""
        self._quitting = True
        try:
            self.close()
        finally:
            self._quitting = False

    def _remember_lesson(self) -> None:
        self._lessons[self.stage_page.entry.key] = self.stage_page.model.lesson

    def export_image(self) -> None:
        """File → Export image: a view of the page on show as PNG or SVG."""
        from bpviz.app.export.image_dialog import ExportImageDialog
        from bpviz.app.export.views import window_views

        folder = str(self.settings.value("export-folder", Path.home()))
        dialog = ExportImageDialog(window_views(self, self.current_page), folder, self)
        if dialog.exec() and dialog.written is not None:
            self.settings.setValue("export-folder", str(dialog.written.parent))
            self.statusBar().showMessage(f"Wrote {dialog.written}", ERROR_SECONDS * 1000)

    def export_animation(self) -> None:
        """File → Export animation: the pass, or epochs of a lab, as a GIF or an MP4."""
        from bpviz.app.export.animation_dialog import ExportAnimationDialog
        from bpviz.app.export.views import window_views

        folder = str(self.settings.value("export-folder", Path.home()))
        page = self.current_page
        dialog = ExportAnimationDialog(page, window_views(self, page), folder, self)
        if dialog.exec() and dialog.written is not None:
            self.settings.setValue("export-folder", str(dialog.written.parent))
            self.statusBar().showMessage(f"Wrote {dialog.written}", ERROR_SECONDS * 1000)

    def open_data_set(self) -> None:
        """Switch to the decision-boundary lab and ask for a CSV file to load there."""
        self.choose_lesson("boundary-lab")
        self.lab.open_dialog()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Enter in a field confirms it and hands the keys back to the page: the arrows,
        Space and the letters step again without a click on the canvas."""
        if (event.type() == QEvent.Type.KeyPress and event.key() in _CONFIRMS
                and isinstance(watched, (QLineEdit, QAbstractSpinBox))
                and self.isAncestorOf(watched)):
            QTimer.singleShot(0, self._focus_page)
        return False

    def _focus_page(self) -> None:
        focus = self.current_page.focus_widget()
        if focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---------------------------------------------------------------- look and help

    def set_theme(self, theme: Theme) -> None:
        """Repaint every page in `theme` (message boxes and menus too) and remember it."""
        self._apply_palette(theme)
        for page in self.built_pages.values():
            page.set_theme(theme)
        for action in self.theme_actions.actions():
            action.setChecked(action.text().lower().startswith(theme.name))

    def _apply_palette(self, theme: Theme) -> None:
        """The window's palette in `theme`, its dialogs' and menus' too; remembered."""
        self.theme = theme
        self.settings.setValue("theme", theme.name)
        palette = qt_palette(theme)
        self.setPalette(palette)
        QApplication.instance().setPalette(palette)  # dialogs and menus are not our children

    def zoom_by(self, steps: int) -> None:
        """One presentation-zoom step larger (+1) or smaller (−1), for every page."""
        self.zoom_step = min(max(self.zoom_step + steps, 0), len(ZOOM_STEPS) - 1)
        self._apply_zoom()

    def toggle_full_screen(self) -> None:
        """Full screen on or off (F11); the menu's tick follows the window."""
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    def reset_zoom(self) -> None:
        """Back to actual size."""
        self.zoom_step = DEFAULT_STEP
        self._apply_zoom()

    @property
    def zoom(self) -> float:
        """The presentation zoom's factor now."""
        return ZOOM_STEPS[self.zoom_step]

    def _apply_zoom(self) -> None:
        self.settings.setValue("zoom", step_text(self.zoom_step))
        for page in self.built_pages.values():
            page.set_zoom(self.zoom)

    def show_error(self, message: str) -> None:
        """Tell the user what went wrong (the transport also shows it); the lesson stays."""
        self.statusBar().showMessage(message, ERROR_SECONDS * 1000)

    def shortcuts_text(self) -> str:
        """The keyboard help: every key of the page on show, then the window's own."""
        page = self.current_page
        window = [self.open_in_lab_action] if not page.file_actions() else []
        return shortcuts_html([*page.shortcut_actions(), *window, *self.zoom_actions,
                               self.full_screen_action, self.export_image_action,
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
            self.resize(*first_size(self.screen().availableGeometry().size().toTuple()))
        restore_state(self.settings, "window-state", self.restoreState)
        restore_state(self.settings, "views", self.stage_page.views.restoreState)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Asked when the user closes the window or quits (a script's close() is not asked).
        if (self._quitting or event.spontaneous()) and not self.session_files.maybe_save():
            event.ignore()
            return
        self.session_files.discard_recovery()  # a proper close: nothing to recover
        QApplication.instance().removeEventFilter(self)
        for page in self.built_pages.values():
            page.close()
            if page is not self.current_page:
                page.restore_docks()  # save each page's docks as the user left them
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window-state", self.saveState())
        self.settings.setValue("views", self.stage_page.views.saveState())
        self.settings.sync()
        super().closeEvent(event)


class FirstPaint(QObject):
    """Calls `then` once `widget` has been painted the first time (its paint done)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.then)  # after the rest of this paint
        return False


def recovery_folder(settings: QSettings) -> Path:
    """Where the autosave goes: beside an ini settings file (so each settings file, a test's
    too, has its own), else in the user's application data folder."""
    if settings.format() == QSettings.Format.IniFormat and settings.fileName():
        folder = Path(settings.fileName()).parent
    else:
        folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppLocalDataLocation) or Path.home() / ".bpviz")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # the autosave will say it cannot write there
    return folder


def _set_actions(menu: QMenu, actions: list[QAction]) -> None:
    """Make `menu` list exactly `actions`, without deleting the ones it drops."""
    for action in menu.actions():
        menu.removeAction(action)
    menu.addActions(actions)
