"""The toy data sets shipped as CSV under assets/datasets/ are the generators' own output."""

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bpviz.data.csv_format import load_csv
from bpviz.data.generators import GENERATORS, generate

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets" / "datasets"


def test_there_is_one_file_per_built_in_data_set():
    assert sorted(path.stem for path in ASSETS.glob("*.csv")) == sorted(GENERATORS)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_each_file_loads_and_equals_the_default_generator_with_seed_0(name):
    loaded = load_csv(ASSETS / f"{name}.csv")
    generated = generate(name, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(loaded.X, generated.X)  # full precision, bit for bit
    np.testing.assert_array_equal(loaded.y, generated.y)
    assert loaded.class_names == generated.class_names and loaded.name == name


def test_the_script_writes_exactly_the_shipped_files(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_datasets.py"),
                             str(tmp_path)], capture_output=True, text=True, env=env,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    names = sorted(f"{name}.csv" for name in GENERATORS)
    match, mismatch, errors = filecmp.cmpfiles(ASSETS, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], []) and sorted(match) == names
