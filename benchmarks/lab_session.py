"""How long the decision-boundary lab's headless work takes per frame.

Run it from the repository: `.venv/bin/python benchmarks/lab_session.py`. On the
default spiral (300 points, 2-8-8-3 tanh net, Adam, batch 10) it times one lockstep
minibatch (both panels), one 200×200 grid per panel, a unit heatmap, the hidden-space
map and an evaluation, then a frame's worth of work: 5 minibatches and both grids,
against the 33 ms a frame has at 30 frames/s. Best and median of many runs; not a
test, since timings on shared machines are too noisy to assert on.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from bpviz.labs.boundary import DataSpec, LabSession, make_dataset

FRAME_MS = 1000 / 30


def timed(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Best and median milliseconds of `repeats` runs, after one warm-up run."""
    work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def fresh_grid(session: LabSession, panel: str) -> Callable[[], object]:
    """A grid computed anew each time, as after every training step (one minibatch makes
    the cached grid stale; its time is subtracted below)."""
    def work() -> object:
        session.step(1)
        return session.grid(panel)
    return work


def frame(session: LabSession) -> None:
    """What one frame of live training asks of the core: 5 minibatches and both grids."""
    session.step(5)
    session.grid("softmax")
    session.grid("mlp")


def main() -> None:
    session = LabSession(make_dataset(DataSpec()))
    step_ms = timed(session.step, 300)[1]
    rows = [
        ("one lockstep minibatch (both panels)", timed(session.step, 300)),
        ("grid, softmax panel, 200×200", timed(fresh_grid(session, "softmax"), 50)),
        ("grid, neural-net panel, 200×200", timed(fresh_grid(session, "mlp"), 50)),
        ("unit heatmap (grid cached)", timed(lambda: session.unit_heatmap(2, 0), 50)),
        ("hidden space (PCA, 300 points, 42 lines)", timed(session.hidden_space, 50)),
        ("evaluate (both panels, train and test)", timed(session.evaluate, 50)),
        ("a frame: 5 minibatches + both grids", timed(lambda: frame(session), 100)),
    ]
    print(f"decision-boundary lab, headless, spiral 300 points, 2-8-8-3 tanh "
          f"(grid times less the {step_ms:.2f} ms minibatch that makes them stale)")
    for name, (best, median) in rows:
        if name.startswith("grid"):
            best, median = best - step_ms, median - step_ms
        print(f"  {name:44} best {best:6.2f} ms   median {median:6.2f} ms")
    frame_median = rows[-1][1][1]
    print(f"  a frame uses {frame_median / FRAME_MS:.0%} of the {FRAME_MS:.1f} ms "
          f"a frame has at 30 frames/s")


if __name__ == "__main__":
    main()
