"""The session file's envelope: written atomically, read with every problem named, and a
failed save or open leaves what was there as it was."""

import errno
import json
import os

import pytest

from bpviz.data import atomic_write
from bpviz.lessons.model_lessons import WindowScorerLesson
from bpviz.sessions import (
    FORMAT, VERSION, Session, SessionFileError, from_text, open_session, read_session,
    stage_session, to_text, write_session,
)
from bpviz.sessions import document


def scorer_session(step=2, **kwargs):
    return stage_session("window-scorer", WindowScorerLesson(), step, **kwargs)


def test_title_and_notes_round_trip(tmp_path):
    path = tmp_path / "class.bpviz"
    write_session(path, scorer_session(title="Lecture 3 · the hinge",
                                       notes={0: "Start here.", 7: "δ is ∂s/∂z"}))
    opened = read_session(path)
    assert opened.title == "Lecture 3 · the hinge"
    assert opened.notes == {0: "Start here.", 7: "δ is ∂s/∂z"}
    assert opened.note_at(7) == "δ is ∂s/∂z" and opened.note_at(3) == ""
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == FORMAT


def test_the_file_says_its_format_and_version(tmp_path):
    document = json.loads(to_text(scorer_session()))
    assert (document["format"], document["version"]) == ("bpviz session", 1)  # as before
    assert document["page"] == "stage" and document["lesson"] == "window-scorer"


def good_text():
    return to_text(scorer_session())


def edited(change):
    document = json.loads(good_text())
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize("text, message", [
    ("", "damaged or truncated"),
    (good_text()[:len(good_text()) // 2], "damaged or truncated"),
    ("[1, 2, 3]", "not a bpviz session file"),
    ('{"format": "something else"}', "not a bpviz session file"),
    ('{"nodes": [], "edges": []}', "not a bpviz session file"),
    (edited(lambda d: d.update(version=VERSION + 1)), "written by a newer bpviz"),
    (edited(lambda d: d.update(version=0)), "version"),
    (edited(lambda d: d.update(version="1")), "version"),
    (edited(lambda d: d.update(page="plot")), "page"),
    (edited(lambda d: d.pop("state")), "'state' is missing"),
    (edited(lambda d: d.update(extra=1)), "unknown field 'extra'"),
    (edited(lambda d: d.update(title=7)), "title"),
    (edited(lambda d: d.update(notes={"first": "x"})), "a step number expected"),
    (edited(lambda d: d["state"].update(step=-1)), "state.step"),
    (good_text().replace('"step": 2', '"step": NaN'), "NaN is not a number"),
    ("[" * 100_000, "damaged"),
])
def test_a_damaged_or_foreign_file_is_refused_with_a_reason(tmp_path, text, message):
    path = tmp_path / "bad.bpviz"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SessionFileError, match=message) as caught:
        open_session(path)
    assert str(caught.value).startswith(str(path))


def test_binary_and_missing_files_are_refused(tmp_path):
    path = tmp_path / "picture.bpviz"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(SessionFileError, match="not UTF-8"):
        read_session(path)
    with pytest.raises(SessionFileError, match="cannot be read"):
        read_session(tmp_path / "nowhere.bpviz")


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(document, "MAX_BYTES", 1000)
    path = tmp_path / "big.bpviz"
    path.write_text(good_text(), encoding="utf-8")
    with pytest.raises(SessionFileError, match="larger than a session file may be"):
        read_session(path)


def test_a_full_disk_leaves_the_previous_file_readable(tmp_path, monkeypatch):
    path = tmp_path / "lesson.bpviz"
    write_session(path, scorer_session(step=1))
    before = path.read_bytes()

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(atomic_write.os, "write", full)
    with pytest.raises(SessionFileError, match="No space left on device"):
        write_session(path, scorer_session(step=5))
    assert path.read_bytes() == before and read_session(path).state["step"] == 1
    assert os.listdir(tmp_path) == ["lesson.bpviz"]  # no temporary left behind


def test_a_save_killed_before_the_rename_leaves_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "lesson.bpviz"
    write_session(path, scorer_session(step=1))

    def killed(source, target):
        raise OSError(errno.EIO, "killed between write and rename")
    monkeypatch.setattr(atomic_write.os, "replace", killed)
    with pytest.raises(SessionFileError, match="the file there is unchanged"):
        write_session(path, scorer_session(step=5))
    assert read_session(path).state["step"] == 1


def test_a_session_holding_nan_is_not_written(tmp_path):
    session = Session("stage", "expression", {"formula": "x", "values": {"x": float("nan")},
                                              "step": 0})
    with pytest.raises(SessionFileError, match="JSON cannot write"):
        write_session(tmp_path / "nan.bpviz", session)
    assert not (tmp_path / "nan.bpviz").exists()


def test_from_text_reads_what_to_text_wrote():
    session = scorer_session(title="t", notes={3: "n"})
    again = from_text(to_text(session))
    assert (again.page, again.lesson, again.state, again.title, again.notes) == (
        session.page, session.lesson, session.state, session.title, session.notes)


def test_a_process_killed_between_write_and_rename_leaves_the_previous_file(tmp_path):
    """A real kill (SIGKILL: nothing can clean up) after the new bytes are written and
    flushed, before the rename: the old file is whole and still opens."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "lesson.bpviz"
    write_session(path, scorer_session(step=1))
    code = f"""
import os, signal
from bpviz.data import atomic_write
from bpviz.lessons.model_lessons import WindowScorerLesson
from bpviz.sessions import stage_session, write_session
atomic_write.os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
write_session({str(path)!r}, stage_session("window-scorer", WindowScorerLesson(), 5))
"""
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=repo, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(repo)})
    assert result.returncode == -signal.SIGKILL
    assert open_session(path).state.step == 1
    leftovers = [name for name in os.listdir(tmp_path) if name != "lesson.bpviz"]
    assert leftovers and all(name.startswith(".lesson.bpviz.") for name in leftovers)


def test_a_string_cut_off_is_named_in_plain_words():
    with pytest.raises(SessionFileError) as caught:
        from_text('{"format": "bpviz session", "title": "unfinish')
    message = str(caught.value)
    assert "Unterminated string starting at line 1, column 38" in message
    assert "at at" not in message
