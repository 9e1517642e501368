"""`bpviz --corpus FILE.txt` starts the app on the word-vector lab with that corpus; a
missing file is one line on stderr and exit code 2, before any window."""

from __future__ import annotations

import sys
import types

import pytest

from bpviz.cli.main import main


@pytest.fixture
def started(monkeypatch):
    """The calls the CLI makes to run_app, with no window opened."""
    calls = []
    fake = types.ModuleType("bpviz.app.launch")
    fake.run_app = lambda argv=None, **options: calls.append((argv, options)) or 0
    monkeypatch.setitem(sys.modules, "bpviz.app.launch", fake)
    monkeypatch.setattr("bpviz.cli.main.display_problem", lambda: None)
    return calls


@pytest.mark.parametrize("form", [["--corpus", "{path}"], ["--corpus={path}"]])
def test_corpus_starts_the_app_with_it(started, tmp_path, form):
    path = tmp_path / "text.txt"
    path.write_text("a b. c d.", encoding="utf-8")
    assert main([part.format(path=path) for part in form]) == 0
    assert started == [([], {"corpus": str(path)})]


def test_a_missing_corpus_is_one_line_and_exit_code_2(started, capsys, tmp_path):
    assert main(["--corpus", str(tmp_path / "nowhere.txt")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "nowhere.txt: no such file" in error
    assert started == []
