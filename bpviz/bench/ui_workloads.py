"""The app's rows of `bpviz bench`: UI-boundary, UI-embedding, UI-stage and UI-start, each
defined here once (name, what it times, target, how to prepare it).

The app and Qt are imported only when a row is prepared (inside the `prepare_*`
functions), so listing the workloads (`bpviz bench --only W1`) loads no Qt.
"""

from __future__ import annotations

import statistics
from typing import Any

from bpviz.bench.workload import ENGINE, Extra, Prepared, Target, Workload

# How much the lab's memory may grow over its soak and still count as flat: well above
# the allocator's and the caches' noise, well below what a leak of a few kB a frame
# would add over 18,000 frames.
FLAT_MB = 10.0
STAGE_ROUNDS = (21, 9)   # a pass of the stage takes ~0.25 s
START_ROUNDS = (7, 3)    # a start takes ~1 s, plus its exit


def prepare_boundary() -> Prepared:
    """The lab's frames, timed 6 at a time; then a memory soak of them (see `extras`)."""
    from bpviz.bench.ui.boundary_frames import (
        FRAME_RATE, GRID, MINIBATCHES, SOAK_MINUTES, LabFrames, soak_frames,
    )
    from bpviz.bench.memory import memory_extra, soak

    frames = LabFrames()
    cycle = frames.cycle_length
    frames.cycle()  # warm-up: the first frames lay out and fill caches
    paints_before, frames_before = frames.painted.paints, frames.frames
    split = frames.profile()
    paints = frames.painted.paints - paints_before
    total = split["train"] + split["update"] + split["paint"]
    parts = {"training": split["train"], "updating the views": split["update"],
             "Qt's painting": split["paint"]}
    largest = max(parts, key=parts.get)

    def memory(settings: Any) -> dict[str, Extra]:
        count = settings.soak if settings.soak is not None else soak_frames(settings.quick)
        result = soak(frames.cycle, max(1, count // cycle), units_per_call=cycle)
        full = soak_frames(quick=False)
        length = ("ten minutes" if result.units == full else
                  f"{result.units / FRAME_RATE:.0f} s; the full run has {full:,}, "
                  f"{SOAK_MINUTES} minutes")
        return {"memory": memory_extra(
                    result, f"{result.units:,} frames ({length}, at {FRAME_RATE} frames/s)",
                    FLAT_MB),
                "endurance": _endurance(result.first_unit_s, result.last_unit_s, FRAME_RATE)}

    return Prepared(
        {ENGINE: frames.cycle}, units_per_call=cycle, extras=memory, finish=frames.close,
        bound=(f"{largest} takes most of a frame ({parts[largest]:.1f} of {total:.1f} ms), "
               f"and the slowest frame of a cycle takes {split['slowest']:.1f} ms "
               f"({split['slowest_cpu']:.1f} ms of the GUI thread's CPU), though the "
               "diagrams and the inside view are redrawn a part a frame."),
        notes=[f"A frame: {MINIBATCHES} minibatches on both models, both {GRID}×{GRID} "
               f"heatmaps computed, coloured and painted (the lab shown offscreen at "
               f"{frames.lab.width()}×{frames.lab.height()}); 1 frame in 3 evaluates the "
               f"losses and 1 in {cycle} asks for the diagrams and the inside view again, "
               f"drawn a part a frame over the next four, as while playing at {FRAME_RATE} "
               "frames/s.",
               f"Per frame, on average over {2 * cycle} frames profiled before the timed "
               f"rounds: training {split['train']:.1f} ms, updating the views "
               f"{split['update']:.1f} ms, painting {split['paint']:.1f} ms; the GUI "
               f"thread's CPU {split['cpu']:.1f} ms; the slowest frame {split['slowest']:.1f} "
               f"ms; the two heatmap plots were painted {paints} times in "
               f"{frames.frames - frames_before} frames."])


def _embedding_frames():
    """The word-vector lab's frames (UI-embedding); imported when prepared (Qt inside)."""
    from bpviz.bench.ui import embedding_frames

    return embedding_frames


def _endurance(first_s: float, last_s: float, rate: int) -> Extra:
    """Whether the frame rate still holds at the end of the soak, after all that training."""
    fields = {"first_frame_ms": first_s * 1e3, "last_frame_ms": last_s * 1e3,
              "last_frames_per_s": 1 / last_s}
    text = (f"a frame took {first_s * 1e3:.1f} ms at the soak's start and "
            f"{last_s * 1e3:.1f} ms at its end ({1 / last_s:.1f} frames/s)")
    if 1 / last_s >= rate:
        return Extra(fields, text)
    return Extra(fields, text,
                 missed=f"{1 / last_s:.1f} frames/s at the soak's end against {rate}",
                 why="a frame's cost grew with the time trained: something the lab keeps "
                     "grows with it (the loss curves, which did, keep at most 512 "
                     "evaluations since).")


def prepare_stage() -> Prepared:
    """The main window's step through the window scorer's pass, timed a pass at a time."""
    from bpviz.bench.ui.stage_steps import StageSteps

    steps = StageSteps()
    steps.one_pass()  # warm-up
    split = steps.profile()
    per_pass = steps.steps_per_pass
    return Prepared(
        {ENGINE: steps.one_pass}, units_per_call=per_pass, rounds=STAGE_ROUNDS,
        finish=steps.close,
        bound=(f"the model and the views' updates take {split['views']:.1f} ms of a step "
               f"({split['mean']:.1f} ms; the GUI thread's CPU {split['cpu']:.1f} ms), Qt's "
               "painting of what changed the rest; the largest single part is the ledger "
               "laying out each new entry's table. The reset to the pass's start "
               f"({split['reset']:.1f} ms, {split['reset_cpu']:.1f} ms of CPU) changes every "
               "card and unit, though the edges come back from their kept pictures"),
        notes=[f"A step: the main window at {steps.window.width()}×{steps.window.height()} "
               f"on the window scorer, offscreen, one of the {per_pass - 1} forward and "
               "backward steps (or the reset after the last), every view updated and the "
               "event loop left to paint what changed; timed a pass at a time, the "
               "circuit's flow animation off.",
               f"One pass step by step: median {split['median']:.1f} ms, slowest "
               f"{split['slowest']:.1f} ms, the GUI thread's CPU {split['cpu']:.1f} ms a "
               f"step; the neuron view was painted {split['neuron_paints']} times in "
               f"{per_pass} steps, over its edges' kept pictures."])


def prepare_start() -> Prepared:
    """Fresh child processes started to their first painted main window, timed by the parent."""
    from bpviz.bench.ui.first_paint import start_time

    starts = []

    def start() -> float:
        starts.append(start_time())
        return starts[-1].total

    def split(settings: Any) -> dict[str, Extra]:
        first, timed = starts[0], starts[1:] or starts
        middle = statistics.median_low([s.total for s in timed])
        typical = next(s for s in timed if s.total == middle)
        return {"split": Extra(
            {"first_start_s": first.total, "interpreter_s": typical.interpreter,
             "imports_s": typical.imports, "build_s": typical.build, "paint_s": typical.paint},
            f"the median start, {typical.text()}; the first (untimed) {first.total:.2f} s")}

    return Prepared(
        {ENGINE: start}, self_timed=True, rounds=START_ROUNDS,
        bound="importing NumPy, PySide6, networkx and the stage's modules is most of a start "
              "(see the split; the labs, session files and exports load when first used), "
              "and a busy or cold machine slows those reads most",
        notes=["A start: `python -m bpviz.bench.ui.first_paint`, offscreen, fresh "
               "settings in a temporary directory, timed from making the process to the "
               "end of the main window's first paint; one untimed start first, which also "
               "compiles the modules into a bytecode cache, as installing the app does."],
        extras=split)


WORKLOADS = (
    Workload("UI-boundary", "the boundary lab offscreen, 2 panels at 200×200, spiral "
             "training (also: memory after ten minutes)",
             Target(seconds=1 / 60, text="≥ 60 frames/s, ≥ 5 minibatches/frame"),
             prepare_boundary, unit="frame"),
    Workload("UI-embedding", "the word-vector lab offscreen, 3 word maps, training on the "
             "shipped corpus", Target(seconds=1 / 30, text="≥ 30 frames/s, 8 steps/frame"),
             lambda: _embedding_frames().prepare(), unit="frame"),
    Workload("UI-stage", "the window scorer's neuron view: one step rendered",
             Target(seconds=16e-3, text="≤ 16 ms per step"), prepare_stage),
    Workload("UI-start", "process start to the first painted main window",
             Target(seconds=1.0, text="≤ 1.0 s"), prepare_start, unit="start"),
)
