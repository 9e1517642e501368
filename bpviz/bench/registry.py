"""Every workload of `bpviz bench`, in order: the engine's, then the app's."""

from __future__ import annotations

from bpviz.bench import mlp_workloads, scalar_workload, sgns_workload, window_workload
from bpviz.bench.ui_workloads import WORKLOADS as UI_WORKLOADS
from bpviz.bench.workload import Workload


def headless_workloads() -> tuple[Workload, ...]:
    """The engine's workloads: W1, W1-b10, W1-grid, W2, W2-sgns, W3, W3-graph."""
    return (*mlp_workloads.WORKLOADS, *window_workload.WORKLOADS, *sgns_workload.WORKLOADS,
            *scalar_workload.WORKLOADS)


def ui_workloads() -> tuple[Workload, ...]:
    """The app's workloads: UI-boundary, UI-embedding, UI-stage, UI-start (Qt is loaded only
    to run them)."""
    return UI_WORKLOADS


def all_workloads() -> tuple[Workload, ...]:
    """Headless workloads, then the app's."""
    return headless_workloads() + ui_workloads()
