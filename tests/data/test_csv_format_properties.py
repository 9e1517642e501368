"""Property-based: any bytes at all, as a CSV file, load or are refused with a DataFormatError.

Each input is bounded in time (hypothesis's deadline); no other exception may escape.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpviz.data import DataFormatError, Dataset, load_csv

FIELDS = st.sampled_from(["0", "1.5", "-2e3", "1e308", "-1e308", "nan", "inf", "1e999", "a",
                          "b", "c", "", " ", '"', '"a,b"', "#", "\ufeff", "0x1", "٣", "1_0",
                          "9" * 5000, "é", "\x00", "\r", "x1"])
ROWS = st.lists(st.lists(FIELDS, min_size=0, max_size=5).map(",".join), max_size=30)
BOUNDED = settings(deadline=timedelta(seconds=2), max_examples=150,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(path) -> Dataset | None:
    """The data set, or None for a clean refusal; anything else fails the test."""
    try:
        data = load_csv(path)
    except DataFormatError as refusal:
        assert "\n" not in str(refusal) and str(refusal).startswith(str(path))
        return None
    assert np.isfinite(data.X).all() and 2 <= data.num_classes <= 10
    assert len(data.X) == len(data.y) >= 1
    return data


@BOUNDED
@given(content=st.binary(max_size=2000))
def test_any_bytes_load_or_are_refused(tmp_path, content):
    path = tmp_path / "random.csv"
    path.write_bytes(content)
    outcome(path)


@BOUNDED
@given(text=st.text(max_size=1500))
def test_any_text_loads_or_is_refused(tmp_path, text):
    path = tmp_path / "random.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    outcome(path)


@BOUNDED
@given(header=st.sampled_from(["x1,x2,label", "a,b,c", "", "1,2,3"]), rows=ROWS,
       line_end=st.sampled_from(["\n", "\r\n", "\r"]))
def test_rows_made_of_awkward_fields_load_or_are_refused(tmp_path, header, rows, line_end):
    path = tmp_path / "rows.csv"
    path.write_bytes(line_end.join([header, *rows]).encode("utf-8", "surrogatepass"))
    data = outcome(path)
    if data is not None:
        assert len(data) <= len(rows)
