"""Time from process start to the main window's first paint, offscreen, with fresh settings,
in a fresh child process (as `bpviz bench --only UI-start` does). Prints one figure per run,
with where the time went: `.venv/bin/python benchmarks/app_start.py [RUNS]`."""

import sys

from bpviz.bench.ui.first_paint import start_time


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for _ in range(runs):
        print(f"main window painted after {start_time().text()}")


if __name__ == "__main__":
    main()
