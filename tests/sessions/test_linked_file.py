"""A session's link to a file beside it: relative to the session, checked by its digest,
and a missing or changed file named with where in the session it was linked."""

from __future__ import annotations

import pytest

from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.linked_file import digest, link_to, linked_path


def test_a_link_is_relative_to_the_session_and_reads_back(tmp_path):
    (tmp_path / "data").mkdir()
    data = tmp_path / "data" / "points.csv"
    data.write_text("x1,x2,label\n0,1,a\n", encoding="utf-8")
    link = link_to(data, tmp_path / "lesson.bpviz")
    assert link == {"path": "data/points.csv", "sha256": digest(data)}
    assert linked_path(link, "state.data", tmp_path, "data") == tmp_path / "data" / "points.csv"


def test_a_changed_or_missing_file_is_named(tmp_path):
    data = tmp_path / "points.csv"
    data.write_text("x1,x2,label\n", encoding="utf-8")
    link = link_to(data, tmp_path / "lesson.bpviz")
    data.write_text("x1,x2,label\n9,9,b\n", encoding="utf-8")
    with pytest.raises(SessionFileError, match="data file .* has changed"):
        linked_path(link, "state.data", tmp_path, "data")
    data.unlink()
    with pytest.raises(SessionFileError, match="corpus file .* cannot be read"):
        linked_path(link, "state.corpus", tmp_path, "corpus")
