"""Atomic writes: a file is replaced whole or not at all, even on a full disk or Ctrl-C."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bpviz.data import DataFormatError, generate, load_csv, save_csv
from bpviz.data.atomic_write import write_bytes_atomically, write_text_atomically
from bpviz.data.errors import FileWriteError
from bpviz.errors import BpvizError

REPO = Path(__file__).resolve().parents[2]


def disk_full_after(monkeypatch, folder: Path, room: int) -> None:
    """os.write into files under `folder` stores `room` bytes in all, then fails: ENOSPC."""
    real_write = os.write
    left = [room]

    def write(fd, data):
        if not os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder)):
            return real_write(fd, data)
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = real_write(fd, bytes(data[:left[0]]))
        left[0] -= written
        return written

    monkeypatch.setattr(os, "write", write)


def test_the_file_is_replaced_and_no_temporary_is_left(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("old")
    assert write_text_atomically(path, "new\nlines\n") == path
    assert path.read_bytes() == b"new\nlines\n"
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_a_full_disk_leaves_the_old_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"the old contents")
    disk_full_after(monkeypatch, tmp_path, room=5)
    with pytest.raises(FileWriteError) as caught:
        write_bytes_atomically(path, b"x" * 100_000)
    assert path.read_bytes() == b"the old contents"
    assert os.listdir(tmp_path) == ["notes.txt"]
    message = str(caught.value)
    assert message == (f"{path}: cannot be written: No space left on device; "
                       "the file there is unchanged")
    assert isinstance(caught.value, BpvizError) and caught.value.path == str(path)


def test_a_failing_flush_to_disk_also_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"old")

    def fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(FileWriteError, match="Input/output error; the file there is unchanged"):
        write_bytes_atomically(path, b"new")
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["notes.txt"]


def test_a_failed_new_file_leaves_nothing(tmp_path, monkeypatch):
    disk_full_after(monkeypatch, tmp_path, room=0)
    with pytest.raises(FileWriteError) as caught:
        write_text_atomically(tmp_path / "new.txt", "hello")
    assert os.listdir(tmp_path) == []
    assert "unchanged" not in str(caught.value)


def test_ctrl_c_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"old")

    def interrupted(fd, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomically(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["notes.txt"]


def test_a_folder_missing_or_in_the_way_is_one_clear_error(tmp_path):
    with pytest.raises(FileWriteError, match=r"cannot be written: Is a directory$"):
        write_text_atomically(tmp_path, "x")
    with pytest.raises(FileWriteError, match="cannot be written: No such file or directory$"):
        write_text_atomically(tmp_path / "nowhere" / "x.txt", "x")


def test_a_link_stays_a_link_and_permissions_stay(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text_atomically(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_text_that_cannot_be_encoded_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("old")
    with pytest.raises(FileWriteError, match="cannot be written as utf-8"):
        write_text_atomically(path, "bad \udc80 surrogate")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["notes.txt"]


# ---------------------------------------------------------------- data sets


def test_saving_over_a_data_set_on_a_full_disk_keeps_the_old_one_loadable(tmp_path, monkeypatch):
    path = tmp_path / "points.csv"
    old = save_csv(generate("xor", n_points=40, rng=np.random.default_rng(0)), path)
    before = old.read_bytes()
    bigger = generate("spiral", n_points=2_000, rng=np.random.default_rng(1))
    disk_full_after(monkeypatch, tmp_path, room=len(before) // 2)
    with pytest.raises(DataFormatError, match="No space left on device; the file there is"):
        save_csv(bigger, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert len(load_csv(path)) == 40
    assert os.listdir(tmp_path) == ["points.csv"]


def test_a_failed_new_data_set_leaves_no_file(tmp_path, monkeypatch):
    disk_full_after(monkeypatch, tmp_path, room=10)
    with pytest.raises(DataFormatError, match="No space left on device"):
        save_csv(generate("xor", n_points=40, rng=np.random.default_rng(0)),
                 tmp_path / "new.csv")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE as on Linux")
def test_a_real_write_limit_keeps_the_old_data_set(tmp_path):
    """The operating system refuses bytes beyond a size, as a full disk would (EFBIG)."""
    path = tmp_path / "points.csv"
    save_csv(generate("xor", n_points=40, rng=np.random.default_rng(0)), path)
    before = path.read_bytes()
    code = (
        "import resource, signal, sys\n"
        "import numpy as np\n"
        "from bpviz.data import generate, save_csv\n"
        "from bpviz.errors import BpvizError\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({len(before)}, {len(before)}))\n"
        "data = generate('spiral', n_points=2000, rng=np.random.default_rng(1))\n"
        "try:\n"
        f"    save_csv(data, {str(path)!r})\n"
        "except BpvizError as error:\n"
        "    print(error)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert "cannot be written: File too large; the file there is unchanged" in result.stdout
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["points.csv"]
