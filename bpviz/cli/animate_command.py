"""`bpviz animate --lesson NAME … --out FILE.{gif,mp4} [--fps N]`: a lesson's whole forward
and backward pass (optionally with the update), or epochs of a lab, as an animation, made
offscreen with the same frames File → Export animation grabs."""

from __future__ import annotations

import argparse

from bpviz.cli.argtypes import real, whole
from bpviz.cli.parser import UsageError
from bpviz.cli.render_command import add_scene_arguments, scene_from, start_offscreen
from bpviz.data.picture_limits import MAX_FRAME_SIDE

NAME = "animate"
HELP = ("animate a lesson's forward and backward pass, or epochs of a lab, to a GIF or an MP4 "
        "file, with no display")
EXAMPLE = ("examples: bpviz animate --lesson window --out scorer.gif\n"
           "          bpviz animate --lesson expression --with-update --fps 4 --out pass.mp4\n"
           "          bpviz animate --lesson boundary --epochs 30 --view mlp --out net.gif")
MAX_STEP = 10**6


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_scene_arguments(parser)
    parser.add_argument("--from", dest="start", type=whole(0, MAX_STEP), default=0, metavar="N",
                        help="a lesson: the first position (0, the default, is the pass's "
                        "start; N is after step N of the forward then backward pass)")
    parser.add_argument("--to", dest="end", type=whole(0, MAX_STEP), metavar="N",
                        help="a lesson: the last position (default: the end of the pass)")
    parser.add_argument("--with-update", action="store_true",
                        help="a lesson: one more frame after the update (the U key)")
    parser.add_argument("--fps", type=real(0, 60, above_low=True), metavar="N",
                        help="frames a second (default 2 for a pass, 4 for a lab)")
    parser.add_argument("--width", type=whole(16, MAX_FRAME_SIDE), metavar="PX",
                        help="the frames' width in pixels (default: the view's own)")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="the animation to write: .gif or .mp4 (MP4 needs the video "
                        "extra: pip install 'bpviz[video]')")


def run(args: argparse.Namespace) -> int:
    from bpviz.app.export.encode import animation_format
    from bpviz.app.export.staging import lesson_key
    from bpviz.app.lesson_catalog import entry

    animation_format(args.out)  # a wrong name, or MP4 without the extra: before Qt starts
    lab = entry(lesson_key(args.lesson)).page != "stage"
    if lab and (args.start or args.end is not None or args.with_update):
        raise UsageError("--from, --to and --with-update are for a lesson's pass, not a lab")
    if not lab and args.epochs:
        raise UsageError("--epochs is for the labs (boundary, embedding)")
    if lab and args.epochs == 0 and lesson_key(args.lesson) != "pitfall":
        raise UsageError("a lab's animation needs --epochs N (one frame per epoch)")
    epochs, args.epochs = args.epochs, 0  # the lab is shown fresh, then trained frame by frame
    scene = scene_from(args)
    start_offscreen()
    from bpviz.app.export.animation import grab_all
    from bpviz.app.export.encode import encode
    from bpviz.app.export.frames import lab_plan, pass_plan
    from bpviz.app.export.staging import Stage

    with Stage() as stage:
        view = stage.show(scene)
        page = stage.window.current_page
        plan = lab_plan(page, epochs) if lab else pass_plan(
            page, args.start, args.end, args.with_update)
        frames = grab_all(plan, view.widget, args.width)
    fps = args.fps or (4.0 if lab else 2.0)
    print(encode(frames, fps, args.out))
    return 0
