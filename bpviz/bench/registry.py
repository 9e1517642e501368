"""Every workload of `bpviz bench`, in order; the app's come from an optional module."""

from __future__ import annotations

import importlib

from bpviz.bench import mlp_workloads, scalar_workload, window_workload
from bpviz.bench.workload import Target, Workload

# The module the Qt app provides its workloads in, as a tuple WORKLOADS of Workload.
UI_MODULE = "bpviz.app.bench_workloads"

# The app's rows: what they time and their targets (absolute: there is no fused
# reference for a painted frame). The app's module fills in `prepare`.
UI_PLACEHOLDERS = (
    Workload("UI-boundary", "the boundary lab offscreen, 2 panels at 200×200, spiral "
             "training (also: memory after ten minutes)",
             Target(seconds=1 / 30, text="≥ 30 frames/s, ≥ 5 minibatches/frame"), None,
             unit="frame"),
    Workload("UI-stage", "the window scorer's neuron view: one step rendered",
             Target(seconds=16e-3, text="≤ 16 ms per step"), None),
    Workload("UI-start", "process start to the first painted main window",
             Target(seconds=1.5, text="≤ 1.5 s"), None, unit="start"),
)


def headless_workloads() -> tuple[Workload, ...]:
    """The engine's workloads: W1, W1-b10, W1-grid, W2, W3."""
    return (*mlp_workloads.WORKLOADS, *window_workload.WORKLOADS, *scalar_workload.WORKLOADS)


def ui_workloads() -> tuple[Workload, ...]:
    """The app's workloads if its module exists, else placeholders marked not measured."""
    try:
        module = importlib.import_module(UI_MODULE)
    except ModuleNotFoundError as error:
        if error.name is not None and UI_MODULE.startswith(error.name):
            return UI_PLACEHOLDERS
        raise
    return tuple(module.WORKLOADS)


def all_workloads(include_ui: bool = True) -> tuple[Workload, ...]:
    """Headless workloads, then the app's (or their placeholders)."""
    return headless_workloads() + (ui_workloads() if include_ui else UI_PLACEHOLDERS)
