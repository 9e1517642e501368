"""File → Export ledger: the stage's whole pass written as a handout, with the session's
title and notes, from the menu; a failure is reported and nothing is lost."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bpviz.app.ledger_export import MARKDOWN_FILTER, TEXT_FILTER
from bpviz.app.main_window import MainWindow


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window(None)
    return window


@pytest.fixture
def chosen(monkeypatch):
    """The file and filter the save dialog answers with, and the warnings shown."""
    answer = {"file": "", "filter": MARKDOWN_FILTER, "warnings": []}
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (answer["file"], answer["filter"]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer["warnings"].append(box.text()))
    return answer


def test_the_menu_action_writes_the_stages_ledger_with_the_teachers_notes(window, chosen,
                                                                          tmp_path):
    action = window.ledger_export.action
    assert action in window.file_menu.actions()
    window.stage_page.show_notes("Week 3: the window scorer", {12: "The margin is violated"})
    chosen["file"] = str(tmp_path / "sheet")  # the suffix is added
    action.trigger()
    text = (tmp_path / "sheet.md").read_text(encoding="utf-8")
    assert text.startswith("# Week 3: the window scorer\n\n*Chain-rule ledger of the Window "
                           "scorer (max-margin) with ")
    heading = text.splitlines()[2]
    assert "d=4" in heading and "hidden=8" in heading and "seed=0" in heading
    assert text.count("### Step ") == 22
    assert text.index("### Step 12 ") < text.index("The margin is violated") \
        < text.index("### Step 13 ")
    assert "sheet.md" in window.statusBar().currentMessage()


def test_the_plain_text_filter_writes_plain_text(window, chosen, tmp_path):
    window.choose_lesson("expression")
    chosen["file"], chosen["filter"] = str(tmp_path / "sheet"), TEXT_FILTER
    window.ledger_export.action.trigger()
    text = (tmp_path / "sheet.txt").read_text(encoding="utf-8")
    assert "$" not in text and "Step 1, forward 1/" in text


def test_a_failed_export_is_reported_and_keeps_the_old_file(window, chosen, tmp_path):
    (tmp_path / "taken.md").mkdir()
    chosen["file"] = str(tmp_path / "taken.md")
    window.ledger_export.action.trigger()
    assert chosen["warnings"] and "was not exported" in chosen["warnings"][0]
    assert "cannot be written" in window.statusBar().currentMessage()
    assert (tmp_path / "taken.md").is_dir()


def test_only_the_stage_offers_the_ledger(window):
    window.choose_lesson("boundary-lab")
    assert window.ledger_export.action not in window.file_menu.actions()
    window.choose_lesson("window-scorer")
    assert window.ledger_export.action in window.file_menu.actions()


@pytest.mark.parametrize("reply, written", [(QMessageBox.StandardButton.Cancel, False),
                                            (QMessageBox.StandardButton.Yes, True)])
def test_in_practice_the_export_warns_that_it_holds_every_answer(window, chosen, tmp_path,
                                                                 monkeypatch, reply, written):
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *rest: asked.append(text) or reply)
    window.stage_page.practice.set_active(True)
    chosen["file"] = str(tmp_path / "sheet.md")
    window.ledger_export.action.trigger()
    assert len(asked) == 1 and "every gradient the practice asks for" in asked[0]
    assert (tmp_path / "sheet.md").exists() == written


def test_the_handout_states_the_formula_and_its_inputs_as_the_command_line_does(
        window, chosen, tmp_path, capsys):
    from bpviz.cli.main import main

    window.choose_lesson("expression")
    window.stage_page.show_notes("Week 4", {})
    chosen["file"] = str(tmp_path / "sheet.md")
    window.ledger_export.action.trigger()
    text = (tmp_path / "sheet.md").read_text(encoding="utf-8")
    gui_heading = text.splitlines()[2]
    assert gui_heading == r"*Chain-rule ledger of (x+y)\*max(y,z) at x=1, y=2, z=0*"
    assert main(["ledger", "(x+y)*max(y,z)", "x=1", "y=2", "z=0", "--format", "markdown"]) == 0
    cli_heading = capsys.readouterr().out.splitlines()[0]
    assert cli_heading == "# " + gui_heading.strip("*")
