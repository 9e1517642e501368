"""How long `load_csv` takes on a 200,000-row file (the target is about a second or less).

Run it from the repository: `.venv/bin/python benchmarks/csv_load.py [rows]`. It
writes a file of random points with text labels to a temporary folder, loads it
a few times and prints the best and the median time. Not a test: timings on
shared machines are too noisy to assert on.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bpviz.data import Dataset, load_csv, save_csv

REPEATS = 5


def sample(rows: int) -> Dataset:
    """`rows` random points in five text-labelled classes, every class present."""
    rng = np.random.default_rng(0)
    names = ("cat", "dog", "bird", "fish", "frog")
    y = np.arange(rows) % len(names)
    return Dataset(rng.normal(size=(rows, 2)), y, names, "benchmark")


def main(rows: int = 200_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = save_csv(sample(rows), Path(folder) / "points.csv")
        size = path.stat().st_size / 2**20
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            loaded = load_csv(path)
            times.append(time.perf_counter() - start)
        assert len(loaded) == rows
    print(f"load_csv, {rows:,} rows ({size:.1f} MB): best {min(times):.3f} s, "
          f"median {statistics.median(times):.3f} s over {REPEATS} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
