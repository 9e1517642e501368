"""The README is the user's manual: every command line session it shows must be true."""

import re
import shlex
from pathlib import Path

import pytest

from bpviz.cli.main import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def readme_sessions() -> list[tuple[str, str]]:
    """Each `$ bpviz …` line in the README's text blocks with the output shown under it."""
    sessions = []
    for block in re.findall(r"```text\n(.*?)```", README, flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            sessions.append((command, output))
    return sessions


def test_the_readme_shows_command_sessions():
    assert len(readme_sessions()) >= 4


@pytest.mark.parametrize("command, expected", readme_sessions())
def test_readme_command_prints_what_the_readme_says(command, expected, capsys):
    words = shlex.split(command)
    assert words[0] == "bpviz"
    main(words[1:])
    captured = capsys.readouterr()
    assert captured.out + captured.err == expected


def test_quick_start_names_the_two_commands_that_exist():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(tools/\S+)", quick_start, flags=re.M)
    assert commands == ["tools/run-app", "tools/run-tests"]
    root = Path(__file__).resolve().parents[1]
    assert all((root / command).is_file() for command in commands)
