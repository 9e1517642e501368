"""`bpviz render --lesson NAME [--view …] [--step N] … --out FILE.{png,svg}`: a picture of a
lesson or lab as the window draws it, made offscreen (no display needed)."""

from __future__ import annotations

import argparse
import os

from bpviz.cli.argtypes import real, whole
from bpviz.cli.common import parse_assignments
from bpviz.cli.parser import UsageError
from bpviz.data.picture_limits import MAX_SIDE as MAX_PICTURE_SIDE

NAME = "render"
HELP = ("draw a lesson or lab as the window shows it, at a step or after some epochs, to a "
        "PNG or SVG file, with no display")
EXAMPLE = ("examples: bpviz render --lesson window --phase backward --step 4 --out scorer.png\n"
           "          bpviz render --lesson expression '(x+y)*max(y,z)' x=1 y=2 z=0 --step 5 "
           "--view circuit --out circuit.svg\n"
           "          bpviz render --lesson boundary --epochs 60 --size 1600x900 --theme dark "
           "--out lab.png")
LESSONS = ("window, classifier, expression, skipgram, sgns, glove, simple-glove, boundary, "
           "pitfall, embedding (or a catalog key such as window-scorer)")
MIN_SIDE, MAX_SIDE = 200, 8192
END = -1  # --step end (bpviz.app.export.staging.END: the app is imported only once needed)
MAX_EPOCHS = 10_000


def window_size(text: str) -> tuple[int, int]:
    """`1360x860` (or `1360×860`) as (1360, 860), each side MIN_SIDE–MAX_SIDE."""
    width, sep, height = text.lower().replace("×", "x").partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1360x860, "
                                         f"got {text!r}") from None
    if not sep or not all(MIN_SIDE <= side <= MAX_SIDE for side in size):
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, each {MIN_SIDE}–{MAX_SIDE} "
                                         f"pixels, got {text!r}")
    return size


def add_scene_arguments(parser: argparse.ArgumentParser) -> None:
    """What render and animate share: the lesson, its formula, the theme and the size."""
    parser.add_argument("expr", metavar="EXPR", nargs="?",
                        help="--lesson expression: a formula such as '(x+y)*max(y,z)'")
    parser.add_argument("assignments", metavar="NAME=VALUE", nargs="*", default=[],
                        help="--lesson expression: the value of every variable, e.g. x=1 y=2")
    parser.add_argument("--lesson", default="window", metavar="NAME",
                        help=f"what to draw: {LESSONS} (default window)")
    parser.add_argument("--view", default="window", metavar="VIEW",
                        help="window (default), page, or one view of the page: circuit, "
                        "neuron, ledger, inspector, settings; a lab's panels (softmax, mlp, "
                        "inside; sgns, glove, simple-glove, curves, neighbours; fine-tune, "
                        "freeze, large)")
    parser.add_argument("--size", type=window_size, default=(1360, 860), metavar="WxH",
                        help="the window's size in pixels (default 1360x860); a view is as "
                        "large as the window's layout makes it")
    parser.add_argument("--theme", choices=("light", "dark"), default="light",
                        help="light (default) or dark")
    parser.add_argument("--epochs", type=whole(0, MAX_EPOCHS), default=0,
                        help="the boundary and word-vector labs: epochs trained first")


def step_number(text: str) -> int:
    """A whole number of steps, or `end` (END): the end of the pass or of the run."""
    if text == "end":
        return END
    return whole(0, 10**6)(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_scene_arguments(parser)
    parser.add_argument("--step", type=step_number, metavar="N",
                        help="a lesson: the step of its pass to show (default: its start; "
                        "end: its end); a lab: training steps (after the epochs); the "
                        "pitfall: its steps (end: all of them)")
    parser.add_argument("--phase", choices=("forward", "backward"), default="forward",
                        help="--step counts the forward (default) or the backward pass")
    parser.add_argument("--updates", type=whole(0, 1000), default=0, metavar="N",
                        help="a lesson: gradient-descent updates (the U key) made first")
    parser.add_argument("--select", metavar="LABEL",
                        help="a lesson: the node the inspector shows, by its label (x, W, …)")
    parser.add_argument("--inspector", choices=("node", "check", "model"),
                        help="a lesson: the inspector's tab to show")
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--scale", type=real(0.1, 8), metavar="F",
                       help="PNG: draw at F times the size (2 for slides; default 1)")
    scale.add_argument("--width", type=whole(16, MAX_PICTURE_SIDE), metavar="PX",
                       help="PNG: draw the picture this many pixels wide")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="the picture to write: .png or .svg")


def scene_from(args: argparse.Namespace, step: int | None = None):
    """The Scene the arguments describe (a usage error for a formula's bad pair)."""
    from bpviz.app.export.staging import Scene, lesson_key

    # What can be refused before Qt starts is refused here.
    if lesson_key(args.lesson) != "expression" and args.expr is not None:
        raise UsageError(f"a formula (EXPR NAME=VALUE …) is for --lesson expression; "
                         f"{args.expr!r} was given")
    phase = getattr(args, "phase", "forward")
    if getattr(args, "step", None) is None and phase == "backward":
        raise UsageError("--phase backward needs --step N")
    return Scene(lesson=args.lesson, view=args.view, step=step, phase=phase, expr=args.expr,
                 values=parse_assignments(args.assignments), epochs=args.epochs,
                 updates=getattr(args, "updates", 0), select=getattr(args, "select", None),
                 inspector=getattr(args, "inspector", None), size=args.size, theme=args.theme)


def start_offscreen():
    """The QApplication, on Qt's offscreen platform: no display is needed or used."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from bpviz.app.qt_start import start_application
    from bpviz.runtime import set_blas_threads

    set_blas_threads(1)
    app = QApplication.instance()
    if app is None:
        app = start_application(["bpviz", "-platform", "offscreen"])
        app.setApplicationName("bpviz")
        _quiet_offscreen_notes()
    return app


def _quiet_offscreen_notes() -> None:
    """The offscreen platform's harmless note (no window to hint sizes to) would break
    the one-line rule on stderr; anything else Qt says is still printed."""
    import sys

    from PySide6.QtCore import qInstallMessageHandler

    def listen(kind, context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(listen)


def run(args: argparse.Namespace) -> int:
    from bpviz.app.export.picture import picture_format

    picture_format(args.out)
    if (args.scale or args.width) and args.out.lower().endswith(".svg"):
        raise UsageError("--scale and --width are for PNG; an SVG is drawn at the view's size")
    scene = scene_from(args, args.step)
    start_offscreen()
    from bpviz.app.export.render import render

    print(render(scene, args.out, scale=args.scale, width=args.width))
    return 0
