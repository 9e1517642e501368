"""CSV files: what loads, every way a file can be wrong (with its line), and exact round trips."""

from __future__ import annotations

import gc
import os
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from bpviz.data import DataFormatError, Dataset, generate, load_csv, save_csv
from bpviz.data import csv_format, text_file
from bpviz.errors import BpvizError

GOOD = "x1,x2,label\n0.5,-1.2,cat\n1,2,dog\n-3e-2,4.5,cat\n"


def write(folder: Path, content: str | bytes, name: str = "data.csv") -> Path:
    path = folder / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def load_text(folder: Path, content: str | bytes) -> Dataset:
    return load_csv(write(folder, content))


def failure(folder: Path, content: str | bytes) -> DataFormatError:
    with pytest.raises(DataFormatError) as caught:
        load_text(folder, content)
    return caught.value


# ---------------------------------------------------------------- good files


def test_a_plain_file(tmp_path):
    data = load_text(tmp_path, GOOD)
    assert data.X.tolist() == [[0.5, -1.2], [1.0, 2.0], [-0.03, 4.5]]
    assert data.y.tolist() == [0, 1, 0]
    assert data.class_names == ("cat", "dog")
    assert (data.name, data.header) == ("data", ("x1", "x2", "label"))
    assert data.X.dtype == np.float64 and data.y.dtype == np.int64


def test_text_labels_keep_the_order_they_first_appear_in(tmp_path):
    data = load_text(tmp_path, "a,b,c\n0,0,zebra\n0,0,ant\n0,0,zebra\n0,0,mole\n")
    assert data.class_names == ("zebra", "ant", "mole") and data.y.tolist() == [0, 1, 0, 2]


def test_integer_labels_are_ordered_by_value(tmp_path):
    data = load_text(tmp_path, "a,b,c\n0,0,10\n0,0,9\n0,0,-1\n0,0,+2\n0,0,9\n")
    assert data.class_names == ("-1", "+2", "9", "10")
    assert data.y.tolist() == [3, 2, 0, 1, 2]


def test_mixed_integer_and_text_labels_are_text(tmp_path):
    assert load_text(tmp_path, "a,b,c\n0,0,2\n0,0,b\n0,0,1\n").class_names == ("2", "b", "1")


def test_everything_the_format_tolerates_at_once(tmp_path):
    content = (
        "\ufeff# exported by hand\r\n"
        "\r\n"
        '  "length" , width ,"kind"\r\n'
        "   # indented comment\r\n"
        ' 0.5 , "-1.25" ,  "big, cat"  \r\n'
        "\t\r\n"
        '1e3,  .5,"say ""hi"""\r\n'
        "2,3,big, cat\r\n"  # not quoted: four fields, so it must fail...
    )
    assert failure(tmp_path, content).line == 8  # ...and the line counts every physical line
    data = load_text(tmp_path, content.replace("2,3,big, cat", "2, 3 ,  plain  "))
    assert data.header == ("length", "width", "kind")
    assert data.X.tolist() == [[0.5, -1.25], [1000.0, 0.5], [2.0, 3.0]]
    assert data.class_names == ("big, cat", 'say "hi"', "plain")


def test_a_lone_carriage_return_ends_a_line_too(tmp_path):
    data = load_text(tmp_path, "x1,x2,label\r0,0,a\r1,1,b")
    assert data.y.tolist() == [0, 1]
    assert failure(tmp_path, "x1,x2,label\r0,0,a\r1,b\r").line == 3


def test_no_newline_at_the_end_is_fine(tmp_path):
    assert len(load_text(tmp_path, GOOD.rstrip("\n"))) == 3


def test_the_header_may_say_anything_but_must_not_be_numbers(tmp_path):
    data = load_text(tmp_path, "petal length,,Species!\n0,0,a\n0,0,b\n")
    assert data.header == ("petal length", "", "Species!")


def test_python_float_syntax_is_the_rule_for_numbers(tmp_path):
    data = load_text(tmp_path, "x1,x2,label\n+1.5E2,-.25,a\n1_000, 7 ,b\n")
    assert data.X.tolist() == [[150.0, -0.25], [1000.0, 7.0]]


def test_the_path_may_be_a_string(tmp_path):
    write(tmp_path, GOOD)
    assert len(load_csv(str(tmp_path / "data.csv"))) == 3


# ---------------------------------------------------------------- bad files


BAD = [
    # (content, line, message fragment)
    ("", None, "is empty; expected a header such as x1,x2,label"),
    ("\n  \n# only a comment\n", None, "has only comments and blank lines; expected a header"),
    ("\r\n\t\n", None, "is empty"),
    ("\ufeff", None, "is empty"),
    ("x1,x2,label\n", None, "has a header but no data rows"),
    ("x1,x2,label\n# no rows, only a comment\n\n", None, "has a header but no data rows"),
    ("x1,x2\n0,0\n", 1, "expected a header of 3 fields (x1, x2, label), found 2"),
    ("x1,x2,label,extra\n0,0,a\n", 1, "expected a header of 3 fields (x1, x2, label), found 4"),
    ("0.5,-1.2,cat\n1,2,dog\n", 1, "expected a header naming the columns, such as x1,x2,label, "
                                   "found a row of data"),
    (GOOD + "1,2\n", 5, "expected 3 fields (x1, x2, label), found 2"),
    (GOOD + "1\n", 5, "expected 3 fields (x1, x2, label), found 1"),
    (GOOD + "1,2,cat,dog\n", 5, "expected 3 fields (x1, x2, label), found 4"),
    (GOOD + "1,2,cat,\n", 5, "expected 3 fields (x1, x2, label), found 4"),
    ("x1,x2,label\n0,0,a\n\n# gap\n1,abc,b\n", 5, "x2 is 'abc', expected a number"),
    (GOOD + "0x10,0,a\n", 5, "x1 is '0x10', expected a number"),
    (GOOD + "1.5.2,0,a\n", 5, "x1 is '1.5.2', expected a number"),
    (GOOD + ",0,a\n", 5, "x1 is empty, expected a number"),
    (GOOD + "0,  ,a\n", 5, "x2 is empty, expected a number"),
    (GOOD + "nan,0,a\n", 5, "x1 is 'nan', expected a finite number"),
    (GOOD + "0,inf,a\n", 5, "x2 is 'inf', expected a finite number"),
    (GOOD + "0,-Infinity,a\n", 5, "x2 is '-Infinity', expected a finite number"),
    (GOOD + "1e999,0,a\n", 5, "x1 is '1e999', expected a finite number"),
    (GOOD + "0,0,\n", 5, "label is empty, expected a class label"),
    (GOOD + "0,0,   \n", 5, "label is empty, expected a class label"),
    (GOOD + '0,0,""\n', 5, "label is empty, expected a class label"),
    (GOOD + '0,0,"cat\n', 5, "a quoted field is not closed"),
    ('x1,x2,"label\n0,0,a\n', 1, "a quoted field is not closed"),
    ("x1,x2,label\n0,0,cat\n1,1,cat\n", None, "needs at least 2 classes, found only 'cat'"),
    ("x1,x2,label\n0,0,7\n", None, "needs at least 2 classes, found only '7'"),
    ("x1,x2,label\n" + "".join(f"0,0,c{k}\n" for k in range(10)) + "0,0,c3\n0,0,extra\n", 13,
     "label 'extra' would be class 11; at most 10 classes are allowed"),
    # Errors use the file's own column names.
    ("a,b,c\n0,x,k\n", 2, "b is 'x', expected a number"),
    ("a,b,c\n0,1,k\n0\n", 3, "expected 3 fields (a, b, c), found 1"),
    ("a,b,c\n0,1,\n", 2, "c is empty, expected a class label"),
    (",,\n0,x,k\n", 2, "x2 is 'x', expected a number"),  # no names: the defaults
    # A long field is cut short so that the message stays one short line.
    (GOOD + "0," + "9" * 20 + "x" * 50 + ",a\n", 5,
     "x2 is '" + "9" * 20 + "x" * 9 + "…', expected"),
]


@pytest.mark.parametrize("content, line, fragment", BAD,
                         ids=[f"{k}-{fragment[:30]}" for k, (_, _, fragment) in enumerate(BAD)])
def test_a_bad_file_names_its_line_and_what_was_expected(tmp_path, content, line, fragment):
    error = failure(tmp_path, content)
    assert error.line == line
    assert error.path == str(tmp_path / "data.csv")
    assert fragment in str(error)
    where = f"{tmp_path / 'data.csv'}" + ("" if line is None else f", line {line}")
    assert str(error).startswith(f"{where}: ")
    assert "\n" not in str(error)


def test_the_message_reads_like_the_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "x1,x2,label\n# comment\n0,0,a\n\n1,1,b\n0,0,a\n0,1\n")
    with pytest.raises(BpvizError) as caught:
        load_csv("data.csv")
    assert str(caught.value) == "data.csv, line 7: expected 3 fields (x1, x2, label), found 2"
    assert isinstance(caught.value, DataFormatError)
    assert (caught.value.path, caught.value.line) == ("data.csv", 7)


def test_the_first_bad_line_is_reported_whatever_kind_of_problem_comes_later(tmp_path):
    error = failure(tmp_path, 'x1,x2,label\n0,0,a\n1,1,b\n0,oops,a\n1,2\n3,3,"open\n')
    assert error.line == 4 and "x2 is 'oops'" in str(error)
    error = failure(tmp_path, 'x1,x2,label\n0,0,a\n3,3,"open\n1,2\n0,oops,a\n')
    assert error.line == 3 and "not closed" in str(error)


@pytest.mark.parametrize("content, line", [
    (b"x1,x2,label\n0,0,a\n0,0,caf\xe9\n", 3),  # Latin-1 é
    (b"x1,x2,label\r\n# \xc3\xa9 is fine\r\n0,0,a\r\n\r\n1,1,\xff\r\n", 5),
    (b"\xef\xbb\xbfx1,x2,label\r0,0,a\r1,1,b\x80\r", 3),  # BOM, lone CRs, a stray continuation byte
    (b"x\xc3,x2,label\n", 1),  # a character cut in half
])
def test_undecodable_bytes_name_the_line_of_the_first_bad_byte(tmp_path, content, line):
    error = failure(tmp_path, content)
    assert error.line == line
    assert f"line {line}: byte 0x" in str(error) and "is not UTF-8 text" in str(error)


def test_non_ascii_text_is_fine(tmp_path):
    data = load_text(tmp_path, "größe,höhe,art\n0,0,café\n1,1,日本\n")
    assert data.header == ("größe", "höhe", "art") and data.class_names == ("café", "日本")


def test_too_many_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_format, "MAX_ROWS", 3)
    content = "x1,x2,label\n0,0,a\n# c\n1,1,b\n2,2,a\n3,3,b\n"
    error = failure(tmp_path, content)
    assert error.line == 6
    assert "more than 3 data rows; at most 3 points can be loaded" in str(error)
    assert len(load_text(tmp_path, content.replace("3,3,b\n", ""))) == 3


def test_the_limits_are_as_documented():
    assert (csv_format.MAX_ROWS, csv_format.MAX_CLASSES) == (1_000_000, 10)


def test_ten_classes_are_allowed(tmp_path):
    content = "x1,x2,label\n" + "".join(f"0,0,{k}\n" for k in range(10))
    assert load_text(tmp_path, content).num_classes == 10


# ---------------------------------------------------------------- files that cannot be read


def test_no_such_file(tmp_path):
    with pytest.raises(DataFormatError) as caught:
        load_csv(tmp_path / "missing.csv")
    assert str(caught.value) == f"{tmp_path / 'missing.csv'}: no such file"
    assert caught.value.line is None


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(DataFormatError, match="is a folder, not a file"):
        load_csv(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_instead_of_read_forever(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(DataFormatError, match="is not a regular file"):
        load_csv(tmp_path / "pipe.csv")


def test_permission_denied(tmp_path, monkeypatch):
    # Simulated: these tests may run as root, for whom chmod 000 changes nothing.
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")
    path = tmp_path / "data.csv"
    path.write_text(GOOD)
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(DataFormatError) as caught:
        load_csv(path)
    assert str(caught.value) == f"{path}: cannot be read: permission denied"


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(text_file, "MAX_BYTES", 20)
    with pytest.raises(DataFormatError, match=r"is too large \(0 MB\); at most 0 MB"):
        load_text(tmp_path, GOOD)


# ---------------------------------------------------------------- saving and round trips


def same(first: Dataset, second: Dataset) -> bool:
    """Bit for bit: -0.0 differs from 0.0 here, unlike with ==."""
    return (first.X.tobytes() == second.X.tobytes() and np.array_equal(first.y, second.y)
            and first.class_names == second.class_names and first.header == second.header)


def test_the_written_text_is_exactly_the_format(tmp_path):
    data = Dataset([[0.5, -1.25], [0.1 + 0.2, 1e-300], [3.0, -0.0]], [0, 1, 0], ("cat", "dog"), "d")
    path = save_csv(data, tmp_path / "out.csv")
    assert path == tmp_path / "out.csv"
    assert path.read_bytes() == (b"x1,x2,label\n0.5,-1.25,cat\n"
                                 b"0.30000000000000004,1e-300,dog\n3.0,-0.0,cat\n")


@pytest.mark.parametrize("name, classes", [
    ("spiral", 5), ("xor", None), ("gauss", 2), ("circles", None), ("moons", None)])
def test_generated_data_round_trips_exactly(tmp_path, name, classes):
    data = generate(name, n_points=500, classes=classes, rng=np.random.default_rng(0))
    loaded = load_csv(save_csv(data, tmp_path / f"{name}.csv"))
    assert same(loaded, data) and loaded.name == name


def test_extreme_floats_round_trip_exactly(tmp_path):
    values = [0.0, -0.0, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 1 / 3,
              -123456789.123456789, 1e16, 2.0 ** -1074 * 3]
    X = np.array(values + values[::-1]).reshape(-1, 2)
    data = Dataset(X, np.arange(len(X)) % 2, ("0", "1"), "edge")
    assert same(load_csv(save_csv(data, tmp_path / "edge.csv")), data)


def test_awkward_names_round_trip(tmp_path):
    classes = ("a,b", 'say "hi"', "#tag", "café", "x y")
    data = Dataset(np.zeros((5, 2)), [0, 1, 2, 3, 4], classes, "odd", ("#first", 'y,"z"', "lab el"))
    path = save_csv(data, tmp_path / "odd.csv")
    assert path.read_text(encoding="utf-8").startswith('"#first","y,""z""\",lab el\n')
    assert same(load_csv(path), data)


def test_a_loaded_file_writes_back_with_its_header(tmp_path):
    source = write(tmp_path, "# notes\nlength , width,kind\n1,2,b\n3,4,a\n")
    text = save_csv(load_csv(source), tmp_path / "copy.csv").read_text()
    assert text == "length,width,kind\n1.0,2.0,b\n3.0,4.0,a\n"


def test_a_header_can_be_given_when_saving(tmp_path):
    data = generate("xor", n_points=4, rng=np.random.default_rng(0))
    path = save_csv(data, tmp_path / "x.csv", header=["u", "v", "class"])
    assert load_csv(path).header == ("u", "v", "class")
    assert data.header == ("x1", "x2", "label")  # the data set itself is unchanged


@pytest.mark.parametrize("header, error, fragment", [
    (("1", "2", "label"), ValueError, "must not be numbers"),
    (("a", "b"), ValueError, "3 columns"),
    (("a", "b", "c\nd"), ValueError, "line breaks"),
])
def test_a_header_that_would_not_read_back_is_refused(tmp_path, header, error, fragment):
    data = generate("xor", n_points=4, rng=np.random.default_rng(0))
    with pytest.raises(error, match=fragment):
        save_csv(data, tmp_path / "x.csv", header=header)


def test_a_file_that_cannot_be_written(tmp_path):
    data = generate("xor", n_points=4, rng=np.random.default_rng(0))
    with pytest.raises(DataFormatError, match="cannot be written: Is a directory"):
        save_csv(data, tmp_path)


def test_saving_what_was_loaded_gives_the_same_bytes(tmp_path):
    first = save_csv(generate("spiral", rng=np.random.default_rng(3)), tmp_path / "a.csv")
    second = save_csv(load_csv(first), tmp_path / "b.csv")
    assert first.read_bytes() == second.read_bytes()


def test_a_large_file_loads_and_round_trips(tmp_path):
    # Not timed (shared machines are noisy); benchmarks/csv_load.py measures the speed.
    data = generate("gauss", n_points=20_000, classes=5, rng=np.random.default_rng(1))
    assert same(load_csv(save_csv(data, tmp_path / "big.csv")), data)


# ---------------------------------------------------------------- the fast path


def test_the_fast_path_agrees_with_the_row_by_row_reference(tmp_path):
    content = ('x1,x2,label\n 0.5 ,"-1.25",  "a, b"\n1e3,.5,c\n-0.0, 7 ,  "a, b"  \n'
               '"1_0",2,"q""q"\n')
    rows = list(csv_format._numbered_rows(content.split("\n")))[1:]
    fast = csv_format._parse_fast("f.csv", rows)
    reference = csv_format._parse_by_row("f.csv", rows, ("x1", "x2", "label"))
    assert fast is not None
    assert fast[0].tobytes() == reference[0].tobytes() and fast[1] == reference[1]
    assert fast[1] == ["a, b", "c", "a, b", 'q"q']


def test_the_fast_path_splits_unquoted_rows_as_the_reference_does(tmp_path):
    content = "x1,x2,label\n 0.5 , -1.25 ,  a b  \n1e3,.5,c\n1_0,\t2, 7\n"
    rows = list(csv_format._numbered_rows(content.split("\n")))[1:]
    fast = csv_format._parse_fast("f.csv", rows)
    reference = csv_format._parse_by_row("f.csv", rows, ("x1", "x2", "label"))
    assert fast is not None
    assert fast[0].tobytes() == reference[0].tobytes() and fast[1] == reference[1]
    assert fast[1] == ["a b", "c", "7"]


@pytest.mark.parametrize("row", ["1,2", "1,x,a", "nan,0,a", "0,0,", '0,0,"a'])
def test_the_fast_path_gives_up_on_any_wrong_row(row):
    rows = list(csv_format._numbered_rows(f"0,0,a\n{row}\n".split("\n")))
    assert csv_format._parse_fast("f.csv", rows) is None
    with pytest.raises(DataFormatError) as caught:
        csv_format._parse_by_row("f.csv", rows, ("x1", "x2", "label"))
    assert caught.value.line == 2


# ---------------------------------------------------------------- streaming


def test_a_file_past_the_row_limit_is_refused_having_held_only_the_rows_accepted(
        tmp_path, monkeypatch):
    # The memory bomb in small: a million short rows against a limit of 1,000. Read whole,
    # this file took ~150 MB of Python objects before the refusal.
    monkeypatch.setattr(csv_format, "MAX_ROWS", 1_000)
    path = write(tmp_path, "x1,x2,label\n" + "0,1,a\n1,0,b\n" * 500_000)
    tracemalloc.start()
    try:
        with pytest.raises(DataFormatError, match="line 1002: more than 1,000 data rows"):
            load_csv(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 2**20


def test_memory_grows_with_the_rows_accepted_not_with_the_file(tmp_path):
    rows = 100_000
    path = write(tmp_path, "x1,x2,label\n" + "0.25,1.5,a\n1,0,b\n" * (rows // 2))
    tracemalloc.start()
    try:
        data = load_csv(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(data) == rows
    # The points themselves take 24 bytes a row (two floats and a class index); the rest is
    # one block of rows in conversion.
    assert peak < 64 * rows + 400 * csv_format.BLOCK_ROWS  # read whole: 450 bytes a row


def test_progress_is_reported_block_by_block_and_can_stop_the_loading(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_format, "BLOCK_ROWS", 100)
    path = write(tmp_path, "x1,x2,label\n" + "0,1,a\n1,0,b\n" * 500)
    seen = []
    assert len(load_csv(path, progress=seen.append)) == 1000
    assert len(seen) == 10 and seen == sorted(seen) and seen[-1] == 1.0

    class Stop(Exception):
        pass

    def stop(fraction):
        raise Stop
    with pytest.raises(Stop):
        load_csv(path, progress=stop)


def test_rows_are_converted_in_blocks_short_enough_to_keep_a_window_live(tmp_path, monkeypatch):
    # A loading thread holds the interpreter for a whole NumPy or C call: a block's calls
    # must stay a few milliseconds, even on a slow, shared machine (20,000 rows: ~20 ms).
    assert csv_format.BLOCK_ROWS <= 5_000
    converted = []
    add = csv_format._Columns.add
    monkeypatch.setattr(csv_format._Columns, "add",
                        lambda columns, rows: (converted.append(len(rows)), add(columns, rows)))
    rows = 3 * csv_format.BLOCK_ROWS + 7
    path = write(tmp_path, "x1,x2,label\n" + "0.25,1.5,a\n1,0,b\n" * (rows // 2) + "2,2,c\n")
    assert len(load_csv(path)) == rows
    assert converted == [csv_format.BLOCK_ROWS] * 3 + [7]


def test_loading_leaves_the_garbage_collector_nothing_long_lived_to_traverse(tmp_path):
    # A list per row, kept while its block converts, lived long enough to be promoted, so
    # full collections ran again and again, each holding the interpreter for up to ~180 ms
    # (the lab's window froze while a worker thread loaded a file).
    rows = 200_000
    path = write(tmp_path, "x1,x2,label\n" + "0.25,-1.5,a\n1e-3,0,b\n" * (rows // 2))
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])
    gc.collect()
    gc.callbacks.append(count)
    try:
        assert len(load_csv(path)) == rows
    finally:
        gc.callbacks.remove(count)
    assert collections.count(2) == 0


@pytest.mark.parametrize("before", [
    b"\r\n" * 700,          # a CR LF split by the end of a block counts once
    b"\r" * 1022 + b"\n",   # a block ends on a lone CR, the next starts with LF
    b"\xc3\xa9" * 600,      # a character split by the end of a block
])
def test_a_bad_byte_past_the_first_block_names_its_line(tmp_path, monkeypatch, before):
    monkeypatch.setattr(text_file, "SCAN_BLOCK", 1023)
    content = b"x1,x2,label\n0,0,a\n1,1,b\n#" + before + b"0,0,\xff\n"
    prefix = content[:content.index(b"\xff")]
    line = prefix.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    error = failure(tmp_path, content)
    assert error.line == line
    assert "byte 0xff is not UTF-8 text" in str(error)
