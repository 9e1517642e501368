"""File → Open, Save and Save As of session files, the recent files, the question about
unsaved changes and the autosave to a recovery file. The window captures and restores its
pages; bpviz.sessions writes, reads and checks the files (loaded once a file is first
saved, opened or looked for, after the first paint: the start does not wait for it)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from bpviz.app.pages.stage_page import window_action
from bpviz.app.plain_text import show_warning

if TYPE_CHECKING:
    from bpviz.sessions import Opened, Session

RECENT_KEY = "recent-files"
LINK_KEY = "session-data-beside"  # whether the lab's data go to a CSV beside the session
MAX_RECENT = 8
AUTOSAVE_MS = 60_000  # a minute of activity at most is lost in a crash
RECOVERY_STEM = "recovery"  # the autosave: recovery.bpviz in the recovery folder
# The "data beside" option's wording on each page that has one (label, status tip); on
# the other pages it is hidden.
DATA_BESIDE = {
    "lab": ("Keep the lab's &data set in a CSV beside the session",
            "Save the boundary lab's data set as NAME.csv beside NAME.bpviz, rather than "
            "inside the session file"),
    "embedding": ("&Link your own corpus's text file rather than keeping it in the session",
                  "Save a link to the text file of a corpus you opened (bpviz's own corpus "
                  "is saved by its name), rather than its words inside the session file"),
}


class SessionWindow(Protocol):
    """What the controller needs of the main window."""

    def shown_lesson(self) -> str: ...

    def capture_session(self, data_beside: Path | None = None) -> Session: ...

    def restore_session(self, opened: Opened) -> None: ...

    def show_error(self, message: str) -> None: ...


class SessionFiles(QObject):
    """The session file on show. `path`: where it was last saved or opened (None: not yet);
    `lesson`: the lesson or lab that file holds; `dirty`: changed since. `file_changed`:
    the path or `dirty` changed (for the title)."""

    file_changed = Signal()

    def __init__(self, window: QWidget, settings: QSettings, recovery_folder: Path) -> None:
        super().__init__(window)
        self.window, self.settings, self.recovery_folder = window, settings, recovery_folder
        self.path: Path | None = None
        self.lesson: str | None = None  # the lesson (or lab) the file at `path` holds
        self.dirty = False
        self._active = False  # changed since the last autosave
        self.can_save = True
        self.open_action = window_action(window, "&Open session…", self.open_dialog, "Ctrl+O",
                                         "Open a saved session (.bpviz): lesson, data, weights")
        self.save_action = window_action(window, "&Save session", self.save, "Ctrl+S",
                                         "Save the page on show: lesson, data, weights, step")
        self.save_as_action = window_action(window, "Save session &as…", self.save_as,
                                            "Ctrl+Shift+S", "Save the session to a new file")
        self.recent_menu = QMenu("Open &recent", window)
        self.data_beside_action = QAction(DATA_BESIDE["lab"][0], window)
        self.data_beside_action.setCheckable(True)
        self.data_beside_action.setChecked(settings.value(LINK_KEY, "false") == "true")
        self.data_beside_action.setStatusTip(DATA_BESIDE["lab"][1])
        self.data_beside_action.toggled.connect(
            lambda on: self.settings.setValue(LINK_KEY, "true" if on else "false"))
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self._fill_recent()

    @property
    def recovery(self) -> Path:
        """The autosave file, in `recovery_folder`."""
        from bpviz.sessions import SUFFIX  # the session format loads after the first paint

        return self.recovery_folder / f"{RECOVERY_STEM}{SUFFIX}"

    def actions(self) -> list[QAction]:
        """Open, the recent files' menu, Save and Save As, as the File menu lists them."""
        return [self.open_action, self.recent_menu.menuAction(), self.save_action,
                self.save_as_action, self.data_beside_action]

    def show_for(self, page: str) -> None:
        """Word the data-beside option for `page` (the boundary lab's data set, the word-
        vector lab's corpus), or hide it where the page has no data of its own."""
        label, tip = DATA_BESIDE.get(page, ("", ""))
        self.data_beside_action.setVisible(bool(label))
        if label:
            self.data_beside_action.setText(label)
            self.data_beside_action.setStatusTip(tip)

    def set_can_save(self, can: bool) -> None:
        """Whether the page on show can be saved (a page that cannot is never autosaved)."""
        self.can_save = can
        for action in (self.save_action, self.save_as_action):
            action.setEnabled(can)

    # -- changes --------------------------------------------------------------------------

    def mark_changed(self) -> None:
        """Something on show changed: unsaved, and autosaved within a minute."""
        self._active = True
        if not self.timer.isActive():
            self.timer.start()
        if not self.dirty:
            self.dirty = True
            self.file_changed.emit()

    def _clean(self, path: Path | None) -> None:
        self.path, self.dirty, self._active = path, False, False
        self.lesson = self.window.shown_lesson() if path is not None else None
        self.file_changed.emit()

    def holds_shown(self) -> bool:
        """Whether the current file holds the lesson or lab on show (so Save may overwrite
        it); another page's file is never overwritten by Save."""
        return self.path is not None and self.lesson == self.window.shown_lesson()

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        """Save to the current file if it holds the page on show, else ask for one (as Save
        As); False if nothing was saved."""
        if not self.can_save:
            self._warn("This page cannot be saved as a session.")
            return False
        return self.save_to(self.path) if self.holds_shown() else self.save_as()

    def save_as(self) -> bool:
        """Ask for a file and save the page on show to it; False if nothing was saved."""
        from bpviz.sessions import SUFFIX  # loaded when a session is first saved

        folder = self.path.parent if self.path is not None else Path.home()
        start = str(self.path if self.holds_shown() else folder / f"lesson{SUFFIX}")
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Save session", start,
                                                _file_filter())
        if not chosen:
            return False
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(SUFFIX)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Write the session to `path` (atomically); a failure is reported, nothing lost."""
        from bpviz.sessions import SessionFileError, write_session  # at the first save

        try:
            beside = Path(path) if self.data_beside_action.isChecked() else None
            write_session(path, self.window.capture_session(beside))
        except SessionFileError as error:
            self._warn(f"The session was not saved: {error}")
            return False
        self._clean(Path(path))
        self.add_recent(path)
        self.window.show_error(f"Saved {Path(path).name}")
        return True

    def maybe_save(self) -> bool:
        """Before the session is replaced or the window closes: save unsaved changes, drop
        them, or cancel (False)."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes",
            "The session has changes that are not saved. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- opening --------------------------------------------------------------------------

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.path.parent if self.path else Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self.window, "Open session", start,
                                                _file_filter())
        if chosen:
            self.open_path(Path(chosen))

    def open_path(self, path: str | os.PathLike[str], recovered: bool = False) -> bool:
        """Open the session at `path`; a damaged or foreign file is reported and the session
        on show stays exactly as it was. A recovered file keeps no path and stays unsaved."""
        from bpviz.sessions import SessionFileError, open_session  # at the first opening

        try:
            opened = open_session(path)
        except SessionFileError as error:
            self._warn(str(error))
            return False
        self.window.restore_session(opened)
        if recovered:
            self._clean(None)
            self.mark_changed()
        else:
            self._clean(Path(path))
            self.add_recent(path)
        return True

    # -- recent files -----------------------------------------------------------------------

    def recent(self) -> list[str]:
        """The recent files, newest first (a damaged setting reads as none)."""
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [item for item in value if isinstance(item, str) and item][:MAX_RECENT]

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        name = os.path.abspath(path)
        self.settings.setValue(RECENT_KEY, [name, *(p for p in self.recent() if p != name)]
                               [:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for number, name in enumerate(self.recent(), start=1):
            action = self.recent_menu.addAction(f"&{number} {Path(name).name}")
            action.setToolTip(name)
            action.setStatusTip(name)
            action.triggered.connect(lambda _=False, chosen=name: self._open_recent(chosen))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def _open_recent(self, name: str) -> None:
        if self.maybe_save():
            self.open_path(name)

    # -- recovery ---------------------------------------------------------------------------

    def autosave(self) -> None:
        """Write the session to the recovery file if it changed since the last time."""
        from bpviz.sessions import SessionFileError, write_session  # at the first autosave

        if not self._active:
            self.timer.stop()  # nothing happened for a minute: wait for the next change
            return
        if not self.can_save:
            return  # the page on show has no session file (yet): the last autosave stays
        try:
            write_session(self.recovery, self.window.capture_session())
        except SessionFileError as error:
            self.window.show_error(f"Autosave failed: {error}")
            return
        self._active = False

    def offer_recovery(self) -> bool:
        """After a crash (a recovery file left behind): offer to open it; True if opened."""
        if not self.recovery.exists():
            return False
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.recovery.stat().st_mtime))
        answer = QMessageBox.question(
            self.window, "Recover session",
            f"bpviz did not close properly. Open the session autosaved at {when}?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Open)
        opened = answer == QMessageBox.StandardButton.Open and self.open_path(
            self.recovery, recovered=True)
        if not opened:
            self.discard_recovery()
        return opened

    def discard_recovery(self) -> None:
        """The window closed properly: no recovery file is needed."""
        self.timer.stop()
        try:
            self.recovery.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            self.window.show_error(f"The recovery file {self.recovery} cannot be removed: "
                                   f"{error.strerror or error}")

    def _warn(self, message: str) -> None:
        self.window.show_error(message)
        show_warning(self.window, "Session file", message)  # file names shown as typed


def _file_filter() -> str:
    """The file dialogs' filter: session files, or any file."""
    from bpviz.sessions import SUFFIX  # loaded when a dialog first asks for a session file

    return f"bpviz sessions (*{SUFFIX});;All files (*)"
