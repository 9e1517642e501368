"""Session files without a window: open a teacher's lesson file, then save a lab mid-run
and show that training on from the file gives exactly the numbers of never having stopped.

    python examples/session_files.py [FILE.bpviz]

Opens examples/sessions/window_scorer_lecture.bpviz (or the file given): its title, the
lesson and its loss J, and the teacher's note at each step that has one. Then trains the
decision-boundary lab 40 steps, saves it to a temporary .bpviz file, opens it again and
trains both the original and the reopened lab 60 more steps; then does the same with the
word-vector lab on the shipped corpus (its vectors, AdaGrad caches and data order).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

from bpviz.labs.boundary import DataSpec, make_dataset
from bpviz.data.corpus import shipped_corpus
from bpviz.labs.boundary.session import PANELS, LabSession
from bpviz.labs.embedding import EmbeddingSession
from bpviz.lessons.stepper import Stepper
from bpviz.sessions import (
    LabState, embedding_session, lab_session, open_session, write_session,
)

LESSON_FILE = Path(__file__).resolve().parent / "sessions" / "window_scorer_lecture.bpviz"


def show_lesson(path: Path) -> None:
    opened = open_session(path)
    print(f"{path.name}: {opened.file.title or '(no title)'}")
    if opened.page != "stage":
        what = "decision-boundary lab" if isinstance(opened.state, LabState) else opened.page
        session = getattr(opened.state, "session", opened.state)
        print(f"  the {what} after {session.steps} steps")
        return
    stepper = Stepper(opened.state.lesson)
    print(f"  lesson {opened.state.key}, opens at step {opened.state.step}, "
          f"J = {float(stepper.trace.output_value):.6f}")
    for step, note in sorted(opened.file.notes.items()):
        stepper.seek(step)
        print(f"  step {step} ({stepper.position_text()}): {note}")


def lab_round_trip() -> bool:
    data = make_dataset(DataSpec(points=200))
    straight, saved = LabSession(data, grid_size=20), LabSession(data, grid_size=20)
    straight.step(40)
    saved.step(40)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lab.bpviz"
        write_session(path, lab_session(saved))
        print(f"saved the lab after 40 steps: {path.stat().st_size:,} bytes")
        reopened = open_session(path).state.session
    straight.step(60)
    reopened.step(60)
    same = all(np.array_equal(value, reopened.models[panel].params[name])
               for panel in PANELS for name, value in straight.models[panel].params.items())
    print(f"trained 60 more steps from the file: step {reopened.steps}, "
          f"weights equal bit for bit: {same}")
    return same


def word_vectors_round_trip() -> bool:
    corpus = shipped_corpus()
    straight, saved = EmbeddingSession(corpus), EmbeddingSession(corpus)
    straight.step(30)
    saved.step(30)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vectors.bpviz"
        write_session(path, embedding_session(saved, "television"))
        print(f"saved the word-vector lab after 30 steps: {path.stat().st_size:,} bytes")
        reopened = open_session(path).state.session
    straight.step(50)
    reopened.step(50)
    same = all(np.array_equal(value, reopened.panels[panel].arrays()[name])
               for panel, model in straight.panels.items()
               for name, value in model.arrays().items())
    print(f"trained 50 more steps from the file: step {reopened.steps}, "
          f"vectors equal bit for bit: {same}")
    return same


if __name__ == "__main__":
    show_lesson(Path(sys.argv[1]) if len(sys.argv) > 1 else LESSON_FILE)
    sys.exit(0 if lab_round_trip() and word_vectors_round_trip() else 1)
