"""Text from files printed to a terminal: escape sequences are shown, never obeyed."""

from __future__ import annotations

import pytest

from bpviz.cli.main import main
from bpviz.cli.terminal_text import escape_controls, terminal_line

HOSTILE = "\x1b]0;pwned\x07\x1b[31m"


@pytest.mark.parametrize("text, shown", [
    (HOSTILE, "\\x1b]0;pwned\\x07\\x1b[31m"),
    ("a\rb", "a\\rb"),
    ("nul\x00 del\x7f csi\x9b", "nul\\x00 del\\x7f csi\\x9b"),
    ("right\u202eleft", "right\\u202eleft"),
    ("plain ∂f/∂x é 漢字 🙂", "plain ∂f/∂x é 漢字 🙂"),
])
def test_control_characters_are_escaped(text, shown):
    assert escape_controls(text) == shown


def test_a_terminal_line_joins_lines_and_escapes_the_rest():
    assert terminal_line("boom\nsecond\t line\r\x1b[2J") == "boom second line\\r\\x1b[2J"


def test_an_escape_sequence_in_a_csv_header_reaches_the_terminal_escaped(tmp_path, capsys):
    path = tmp_path / "evil.csv"
    path.write_text(f"x1{HOSTILE},x2,label\n0,0,a\n1,1,b\nfoo,1,a\n", encoding="utf-8")
    code = main(["train", "--data", str(path), "--epochs", "1"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == (f"bpviz: error: {path}, line 4: x1\\x1b]0;pwned\\x07\\x1b[31m is 'foo', "
                   "expected a number\n")
    assert not any(ord(char) < 32 for char in err[:-1])


def test_a_header_in_the_results_is_escaped_too(tmp_path, capsys):
    path = tmp_path / "pixels.csv"
    rows = [f"{100 * k},{k % 7},{'ab'[k % 2]}" for k in range(20)]
    path.write_text(f"px{HOSTILE},py,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["train", "--data", str(path), "--epochs", "1"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "\x1b" not in out and "\x07" not in out
    assert "features standardised" in out and "px\\x1b]0;pwned\\x07\\x1b[31m′ = " in out
