"""Put a window in the state a picture asks for, offscreen: a lesson at a step of its pass
(or a lab after some epochs), a theme, a size; then the view to take. `bpviz render`,
`bpviz animate`, the README's screenshots and the tests all drive the window through here,
so what they write is what the window draws in that state."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QSettings, QSize, QThread
from PySide6.QtWidgets import QApplication

from bpviz.app.export.picture import ExportError
from bpviz.app.export.views import WINDOW_KEY, ExportView, bring_forward, find_view, window_views
from bpviz.app.lesson_catalog import CATALOG, entry
from bpviz.app.theme import THEMES
from bpviz.labs.pitfall import STEPS

DEFAULT_SIZE = (1360, 860)
SETTLE_ROUNDS = 12  # event-loop turns (each with a short pause) for layouts and redraws
# The command line's short names for the catalog's lessons and labs.
ALIASES = {"window": "window-scorer", "classifier": "window-classifier",
           "boundary": "boundary-lab", "embedding": "word-vector-lab"}
END = -1  # --step end: the end of the pass (a lesson) or of the run (the pitfall)
INSPECTOR_TABS = {"node": "node_page", "check": "check_page", "model": "data_page"}


def lesson_names() -> list[str]:
    """One name per lesson and lab --lesson takes, the short one where there is one (the
    catalog's keys are taken too)."""
    short = {key: name for name, key in reversed(ALIASES.items())}
    return [short.get(item.key, item.key) for item in CATALOG if item.page]


def lesson_key(name: str) -> str:
    """The catalog key of a --lesson name; ExportError naming the choices."""
    key = ALIASES.get(name, name)
    if key not in {item.key for item in CATALOG if item.page}:
        raise ExportError(f"no lesson called {name!r}; choose from {', '.join(lesson_names())}"
                          " (or a catalog key such as window-scorer)")
    return key


@dataclass(frozen=True)
class Scene:
    """What a picture shows: a lesson or lab in a state, in a theme, in a window of `size`
    (the whole window is that size; a view as large as the window's layout makes it)."""

    lesson: str = "window-scorer"
    view: str = WINDOW_KEY
    step: int | None = None          # a stage lesson: the step of the pass (None: its start,
    #                                  END: its end); a lab: training steps after the epochs
    phase: str = "forward"           # the stage: `step` counts the forward or backward pass
    expr: str | None = None          # the expression lesson's formula, and its values
    values: Mapping[str, float] = field(default_factory=dict)
    epochs: int = 0                  # the boundary and word-vector labs
    updates: int = 0                 # the stage: gradient-descent updates made first
    select: str | None = None        # the stage: the node (by label) the inspector shows
    inspector: str | None = None     # the stage: the inspector's tab (node, check, model)
    size: tuple[int, int] = DEFAULT_SIZE
    theme: str = "light"


def settle(rounds: int = SETTLE_ROUNDS) -> None:
    """Let layouts, zero-delay timers, throttled redraws and repaints land."""
    app = QApplication.instance()
    for _ in range(rounds):
        app.processEvents()
        QThread.msleep(2)
    app.processEvents()


class Stage:
    """One offscreen main window with its own fresh settings, reused from scene to scene."""

    def __init__(self) -> None:
        from bpviz.app.main_window import MainWindow  # the window: only once Qt runs

        self._folder = tempfile.TemporaryDirectory(prefix="bpviz-render-")
        settings = QSettings(f"{self._folder.name}/bpviz.ini", QSettings.Format.IniFormat)
        self.window = MainWindow(settings)
        self.window.resize(*DEFAULT_SIZE)
        self.window.show()
        self._shown: Scene | None = None  # the state the window was last driven to
        settle()

    def close(self) -> None:
        """Close the window (its timers stop) and remove its settings."""
        self.window.close()
        self.window.deleteLater()
        settle(2)
        self._folder.cleanup()

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def show(self, scene: Scene) -> ExportView:
        """Drive the window to `scene` and return the view to take (at the scene's size)."""
        window = self.window
        key = lesson_key(scene.lesson)
        chosen = entry(key)
        state = replace(scene, view=WINDOW_KEY)  # another view of the state on show: no new drive
        if state != self._shown:
            self._shown = None
            self._fit(QSize(*scene.size))  # first: what a view frames may follow its size
            self._drive(scene, key, chosen)
            self._shown = state
        try:
            view = find_view(window_views(window, window.current_page), scene.view)
        except KeyError as problem:
            raise ExportError(f"{chosen.title}: {problem.args[0]}") from None
        bring_forward(view.widget)
        self._fit(QSize(*scene.size))
        return view

    def _drive(self, scene: Scene, key: str, chosen) -> None:
        window = self.window
        if scene.expr is not None and key != "expression":
            raise ExportError("a formula (EXPR NAME=VALUE …) is for --lesson expression")
        if scene.theme not in THEMES:
            raise ExportError(f"no theme called {scene.theme!r}; choose from "
                              f"{', '.join(THEMES)}")
        window.set_theme(THEMES[scene.theme])
        window.choose_lesson(key)
        if chosen.page == "stage":
            self._show_lesson(scene, chosen)
        else:
            self._train_lab(scene, chosen.page)

    # -- the stage ---------------------------------------------------------------------

    def _show_lesson(self, scene: Scene, chosen) -> None:
        if scene.epochs:
            raise ExportError("--epochs is for the labs (boundary, embedding)")
        page = self.window.stage_page
        if scene.expr is not None:
            from bpviz.expression import ExpressionError
            from bpviz.lessons.expression_lesson import ExpressionLesson

            try:
                lesson = ExpressionLesson(scene.expr, dict(scene.values))
            except ExpressionError as problem:
                raise ExportError(f"the formula {scene.expr!r}: {problem}") from None
        else:
            lesson = chosen.make()
        page.show_lesson(chosen, lesson)
        model = page.model
        for _ in range(scene.updates):
            model.seek(len(model.trace.steps))
            page.transport.update_action.trigger()  # as the U key does, at its learning rate
        model.seek(stage_index(model.trace, scene.step, scene.phase, chosen.title))
        if scene.select is not None:
            found = [info.id for info in model.trace.nodes if info.label == scene.select]
            if not found:
                names = ", ".join(dict.fromkeys(info.label for info in model.trace.nodes))
                raise ExportError(f"{chosen.title} has no node {scene.select!r}; it has {names}")
            model.select(found[0])
        if scene.inspector is not None:
            if scene.inspector not in INSPECTOR_TABS:
                raise ExportError(f"the inspector's tabs are {', '.join(INSPECTOR_TABS)}, "
                                  f"not {scene.inspector!r}")
            inspector = page.inspector
            page.inspector_dock.raise_()
            inspector.tabs.setCurrentWidget(getattr(inspector, INSPECTOR_TABS[scene.inspector]))
        page.circuit_view.finish_animation()  # the picture of the step, not of its way there

    # -- the labs ----------------------------------------------------------------------

    def _train_lab(self, scene: Scene, name: str) -> None:
        if scene.phase != "forward":
            raise ExportError("--phase is for the stage's lessons, not the labs")
        if scene.updates or scene.select is not None or scene.inspector is not None:
            raise ExportError("--updates, --select and --inspector are for the stage's lessons")
        lab = self.window.current_page.lab
        steps = scene.step or 0
        if name == "pitfall":
            if scene.epochs:
                raise ExportError("the retraining pitfall trains by steps: use --step N")
            lab.reset()
            lab.step(STEPS if steps == END else steps)
            return
        if steps == END:
            raise ExportError("--step end is for a lesson's pass or the pitfall's run")
        model = lab.model
        model.reset()
        session = model.session
        for _ in range(scene.epochs):
            session.run_epoch()
            if name == "lab":
                session.evaluate()
        if name == "embedding" and scene.epochs:
            model.fit_axes()  # the maps framed on the trained vectors
        elif scene.epochs:
            model.trained.emit()  # drawn as at an epoch's end
        for _ in range(steps):
            model.step()  # as the Step key does: one batch, then what it shows

    # -- the size ----------------------------------------------------------------------

    def _fit(self, size: QSize) -> None:
        """The window at `size` (a view is as large as the window's layout makes it there);
        ExportError if the window cannot be that small."""
        window = self.window
        window.resize(size)
        settle()
        if window.size() != size:
            least = window.minimumSizeHint()
            raise ExportError(f"the window cannot be {size.width()}×{size.height()}; this page "
                              f"needs at least {least.width()}×{least.height()}")


def stage_index(trace, step: int | None, phase: str, title: str) -> int:
    """The transport's position for --step N of the forward or backward pass."""
    forward = trace.forward_count
    backward = len(trace.steps) - forward
    if phase not in ("forward", "backward"):
        raise ExportError(f"--phase is forward or backward, not {phase!r}")
    if step is None:
        if phase == "backward":
            raise ExportError("--phase backward needs --step N")
        return 0
    count = forward if phase == "forward" else backward
    if step == END:
        step = count
    if not 0 <= step <= count:
        raise ExportError(f"{title}: the {phase} pass has {count} step{'s' * (count != 1)}; "
                          f"--step {step} is "
                          f"not one of 0–{count}")
    return step if phase == "forward" else forward + step

