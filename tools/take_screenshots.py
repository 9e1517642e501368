"""Retake the README's screenshots, offscreen, each with one `bpviz render` command line:

    .venv/bin/python tools/take_screenshots.py [NAME ...]

prints each picture's command and writes assets/NAME.png. The pictures, and the state each
command draws (its README caption describes it):

  main_window         the window scorer after three updates, four steps into the backward
                      pass, x selected in the inspector
  expression_circuit  the default expression circuit at the end of its backward pass
  word_vectors_sgns   negative sampling after one update, at the end of its backward pass,
                      v_c selected and the inspector's Model tab on show
  boundary_lab        the decision-boundary lab on the 3-arm spiral after 60 epochs
  embedding_lab       the word-vector lab after five epochs, axes fitted, then one step
  pitfall             the retraining pitfall, seed 0, every run trained to the end
  practice            practice mode on the lecture's circuit (not a `bpviz render` state:
                      taken by its own recipe below, and only when named)

NAME picks some of them (default: all but practice). Look at the pictures before
committing them.
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ASSETS = Path(__file__).resolve().parent.parent / "assets"

# Each screenshot: the arguments of `bpviz render` that draw it (--out is added).
RENDERS: dict[str, tuple[str, ...]] = {
    "main_window": ("--lesson", "window", "--updates", "3", "--phase", "backward",
                    "--step", "4", "--select", "x"),
    "expression_circuit": ("--lesson", "expression", "--phase", "backward", "--step", "end"),
    "word_vectors_sgns": ("--lesson", "sgns", "--updates", "1", "--phase", "backward",
                          "--step", "end", "--select", "v_c", "--inspector", "model"),
    # 900 high: the lab's right column (hidden space, one hidden unit) whole, not cut off
    "boundary_lab": ("--lesson", "boundary", "--epochs", "60", "--size", "1360x900"),
    "embedding_lab": ("--lesson", "embedding", "--epochs", "5", "--step", "1"),
    "pitfall": ("--lesson", "pitfall", "--step", "end"),
}
SHOTS = (*RENDERS, "practice")


def command(name: str, out: Path) -> list[str]:
    """The `bpviz render …` command line (without `bpviz`) that takes `name`."""
    return ["render", *RENDERS[name], "--out", str(out)]


def practice(out: Path) -> int:
    """Practice on the lecture's preset with the gate patterns on: × answered, then ∂f/∂z
    answered in the field at its card as if max did not route (the mistake named) and one
    hint asked."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bpviz.app.export.picture import save_picture
    from bpviz.app.export.staging import settle
    from bpviz.app.main_window import MainWindow

    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(QSettings(str(Path(folder) / "bpviz.ini"),
                                      QSettings.Format.IniFormat))
        window.resize(1360, 860)
        window.show()
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
        settle()  # the hint's refocus selects the field's text: type the 3 after it
        field = page.practice.panel.field  # at ∂f/∂z's card, the wrong 3 still in it
        field.setText("3")
        field.deselect()
        save_picture(window, out)
        window.close()
    print(out)
    return 0


def main(argv: list[str]) -> int:
    from bpviz.cli.main import main as bpviz

    names = argv or list(RENDERS)
    unknown = [name for name in names if name not in SHOTS]
    if unknown:
        print(f"take_screenshots: no screenshot called {unknown[0]}; "
              f"there are {', '.join(SHOTS)}", file=sys.stderr)
        return 2
    for name in names:
        out = ASSETS / f"{name}.png"
        if name == "practice":
            code = practice(out)
        else:
            arguments = command(name, out)
            print("bpviz " + shlex.join(arguments), file=sys.stderr)
            code = bpviz(arguments)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
