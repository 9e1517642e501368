"""What a CSV file of 255 MB of short rows costs before the row limit refuses it.

Run it from the repository: `.venv/bin/python benchmarks/csv_memory_bomb.py`. It writes
a file just under the 256 MB size cap (about 42 million rows of `0,1,a`) to a temporary
folder, loads it in a fresh process and prints the time the refusal took, the process's
peak memory (RSS) and the message. The target: seconds, and well under 1 GB (it was
41 s and about 8 GB when the whole file was read before the rows were counted).
Not a test: it needs a quarter of a gigabyte of disk and timings are noisy.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bpviz.data.text_file import MAX_BYTES

ROW = b"0,1,a\n1,0,b\n"
CHILD = """
import resource, sys, time
from bpviz.data import DataFormatError, load_csv
start = time.perf_counter()
try:
    load_csv(sys.argv[1])
    message = "loaded (no refusal)"
except DataFormatError as error:
    message = str(error).split(": ", 1)[1]
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{took:.2f} s, peak RSS {peak:.0f} MB: {message}")
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.csv"
        block = ROW * (1 << 16)
        with path.open("wb") as out:
            out.write(b"x1,x2,label\n")
            for _ in range((MAX_BYTES - 1024) // len(block)):
                out.write(block)
        size = path.stat().st_size / 2**20
        result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                                text=True, check=True)
        print(f"load_csv of {size:.0f} MB of short rows: {result.stdout.strip()}")


if __name__ == "__main__":
    main()
