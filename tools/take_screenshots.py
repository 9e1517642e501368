"""Retake the README's screenshots of the app, offscreen: assets/main_window.png (the stage),
assets/expression_circuit.png, assets/word_vectors_sgns.png (negative sampling),
assets/practice.png (practice mode on the lecture's circuit), assets/boundary_lab.png
(the lab at epoch 60), assets/embedding_lab.png (the word-vector lab after 5 epochs) and
assets/pitfall.png (the retraining pitfall, seed 0, trained to the end).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/take_screenshots.py [NAME ...]

Each picture is the state its README caption describes, rendered at 1360×860 with fresh
settings (light theme, zoom 1); NAME (main_window, expression_circuit, word_vectors_sgns,
practice, boundary_lab, embedding_lab, pitfall)
picks some of them. Look at the pictures before committing them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SIZE = (1360, 860)
LAB_EPOCHS = 60
EMBEDDING_EPOCHS = 5


def settle(app: QApplication, rounds: int = 20) -> None:
    """Let layouts, timers of zero delay and repaints land."""
    for _ in range(rounds):
        app.processEvents()


def fresh_window(folder: str):
    from bpviz.app.main_window import MainWindow

    window = MainWindow(QSettings(str(Path(folder) / "bpviz.ini"), QSettings.Format.IniFormat))
    window.resize(*SIZE)
    window.show()
    return window


def main_window(app: QApplication, folder: str) -> QWidget:
    """The window scorer after three updates, four steps into the backward pass, x selected."""
    window = fresh_window(folder)
    window.choose_lesson("window-scorer")
    settle(app)
    model = window.model
    for _ in range(3):
        model.seek(len(model.trace.steps))
        window.transport.update_action.trigger()
        settle(app)
    model.seek(model.trace.forward_count + 4)
    model.select(next(info.id for info in model.trace.nodes if info.label == "x"))
    window.inspector_dock.raise_()
    settle(app)
    return window


def expression_circuit(app: QApplication, folder: str) -> QWidget:
    """The default expression circuit at the end of its backward pass."""
    window = fresh_window(folder)
    window.choose_lesson("expression")
    settle(app)
    window.model.seek(len(window.model.trace.steps))
    window.controls_dock.raise_()
    settle(app)
    return window


def word_vectors_sgns(app: QApplication, folder: str) -> QWidget:
    """Negative sampling after one update, at the end of its backward pass, v_c selected and
    the inspector's Model tab (the negatives' distributions) on show."""
    window = fresh_window(folder)
    window.choose_lesson("sgns")
    settle(app)
    model = window.model
    model.seek(len(model.trace.steps))
    window.transport.update_action.trigger()
    settle(app)
    model.seek(len(model.trace.steps))
    model.select(next(info.id for info in model.trace.nodes if info.label == "v_c"))
    window.inspector_dock.raise_()
    window.inspector.tabs.setCurrentWidget(window.inspector.data_page)
    settle(app)
    return window


def practice(app: QApplication, folder: str) -> QWidget:
    """Practice on the lecture's preset with the gate patterns on: × answered, then ∂f/∂z
    answered in the field at its card as if max did not route (the mistake named) and one
    hint asked."""
    window = fresh_window(folder)
    window.choose_lesson("expression")
    page = window.stage_page
    page.presets.choose("lecture")
    page.presets.load(practise=True)
    page.gate_glyphs.set_enabled(True)
    window.circuit_view.set_animations_enabled(False)
    for _ in range(4):
        window.model.step()
    for answer in ("2", "3", "3"):
        page.practice.answer(answer)
    page.practice.hint()
    settle(app)
    field = page.practice.panel.field  # the field at ∂f/∂z's card, the wrong 3 still in it
    field.setText("3")
    field.deselect()
    settle(app)
    return window


def boundary_lab(app: QApplication, folder: str) -> QWidget:
    """The lab on the 3-arm spiral, the net 2-16-16-3, after 60 epochs."""
    from bpviz.app.labs.boundary.boundary_lab import BoundaryLab
    from bpviz.app.labs.boundary.lab_model import LabModel
    from bpviz.labs.boundary.settings import NetSpec

    model = LabModel(net=NetSpec(hidden=(16, 16)))
    lab = BoundaryLab(model)
    lab.resize(*SIZE)
    lab.show()
    settle(app)
    for _ in range(LAB_EPOCHS):
        model.run_epoch()
    settle(app, 40)
    return lab


def embedding_lab(app: QApplication, folder: str) -> QWidget:
    """The word-vector lab on the shipped corpus after five epochs of skip-gram's pairs,
    axes fitted to the trained vectors, then one step (its pull and pushes drawn)."""
    window = fresh_window(folder)
    window.choose_lesson("word-vector-lab")
    lab = window.built_pages["embedding"].lab
    settle(app)
    for _ in range(EMBEDDING_EPOCHS):
        lab.model.session.run_epoch()
    lab.fit_axes()
    lab.model.step()
    settle(app, 40)
    return window


def pitfall(app: QApplication, folder: str) -> QWidget:
    """The retraining pitfall on seed 0, every run trained to the end."""
    window = fresh_window(folder)
    window.choose_lesson("pitfall")
    lab = window.built_pages["pitfall"].lab
    settle(app)
    lab.session.run_to_end()
    lab.refresh()
    settle(app, 40)
    return window


SHOTS: dict[str, Callable[[QApplication, str], QWidget]] = {
    "main_window": main_window,
    "expression_circuit": expression_circuit,
    "word_vectors_sgns": word_vectors_sgns,
    "practice": practice,
    "boundary_lab": boundary_lab,
    "embedding_lab": embedding_lab,
    "pitfall": pitfall,
}


def main(argv: list[str]) -> int:
    names = argv or list(SHOTS)
    unknown = [name for name in names if name not in SHOTS]
    if unknown:
        print(f"take_screenshots: no screenshot called {unknown[0]}; "
              f"there are {', '.join(SHOTS)}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            widget = SHOTS[name](app, folder)
            path = ASSETS / f"{name}.png"
            if not widget.grab().save(str(path)):
                print(f"take_screenshots: could not write {path}", file=sys.stderr)
                return 1
            print(path)
            widget.close()
            widget.deleteLater()
            settle(app)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
