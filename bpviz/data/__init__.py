"""bpviz's data: labelled 2-D point sets, seeded toy generators, and CSV files.

Pure NumPy and the standard library: no Qt. Every random draw comes from a
`numpy.random.Generator` the caller passes in.
"""

from bpviz.data.csv_format import MAX_CLASSES, MAX_ROWS, load_csv, save_csv
from bpviz.data.dataset import DEFAULT_HEADER, Dataset, Split, split
from bpviz.data.errors import DataFormatError
from bpviz.data.generators import (
    DEFAULTS, GENERATORS, Defaults, circles, gauss, generate, moons, spiral, xor,
)

__all__ = [
    "DEFAULTS", "DEFAULT_HEADER", "DataFormatError", "Dataset", "Defaults", "GENERATORS",
    "MAX_CLASSES", "MAX_ROWS", "Split", "circles", "gauss", "generate", "load_csv", "moons",
    "save_csv", "spiral", "split", "xor",
]
