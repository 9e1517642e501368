"""Process-wide run-time settings: how many threads NumPy's BLAS uses, read and set at run
time through OpenBLAS itself (the app sets one at start-up, `bpviz bench` as asked).

Environment variables (OPENBLAS_NUM_THREADS, …) only count before NumPy is imported;
the functions here work after, on the OpenBLAS that NumPy's wheels bundle. Elsewhere
(MKL, Accelerate, no symbols found) they report None and change nothing.
"""

from __future__ import annotations

import ctypes
import glob
import os
from functools import lru_cache

import numpy as np

_GETTERS = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
            "openblas_get_num_threads")


@lru_cache(maxsize=1)
def _openblas():
    folder = os.path.dirname(np.__file__)
    for path in sorted(glob.glob(os.path.join(folder + ".libs", "*openblas*"))):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for getter in _GETTERS:
            if hasattr(library, getter):
                return library, getter, getter.replace("get_", "set_")
    return None


def blas_threads() -> int | None:
    """The thread count OpenBLAS uses now, or None if it cannot be told."""
    found = _openblas()
    return None if found is None else int(getattr(found[0], found[1])())


def set_blas_threads(count: int) -> bool:
    """Use `count` BLAS threads from now on; False where that cannot be done."""
    found = _openblas()
    if found is None:
        return False
    getattr(found[0], found[2])(int(count))
    return True
