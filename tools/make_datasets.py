"""Write the built-in toy data sets as CSV files under assets/datasets/.

Each file is the generator with its default settings (bpviz.data.generators.DEFAULTS)
and seed 0, so `load_csv("assets/datasets/spiral.csv")` holds the same points as
`generate("spiral", rng=np.random.default_rng(0))` (tests/labs/boundary/test_assets.py checks).
Re-run after changing a generator:

    .venv/bin/python tools/make_datasets.py [output folder]
"""

import sys
from pathlib import Path

import numpy as np

from bpviz.data.csv_format import save_csv
from bpviz.data.generators import GENERATORS, generate

SEED = 0
FOLDER = Path(__file__).resolve().parents[1] / "assets" / "datasets"


def main(folder: Path = FOLDER) -> list[Path]:
    """Write one CSV per generator into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    return [save_csv(generate(name, rng=np.random.default_rng(SEED)), folder / f"{name}.csv")
            for name in GENERATORS]


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(path)
