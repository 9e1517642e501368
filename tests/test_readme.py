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


# Errors this small are the rounding noise of central differences; their last digits
# follow the CPU's BLAS kernels (AVX2 or AVX-512), so the README's figures are matched
# to within a factor of two and must stay below 1e-9.
NOISE = re.compile(r"relative error (\d\.\d\de-(?:1\d|9))")


def same_output(shown: str, printed: str) -> bool:
    """True when `printed` is `shown`, allowing rounding noise to differ."""
    if NOISE.sub("relative error ~", shown) != NOISE.sub("relative error ~", printed):
        return False
    pairs = zip(NOISE.findall(shown), NOISE.findall(printed))
    return all(0.5 <= float(b) / float(a) <= 2.0 for a, b in pairs)


def test_rounding_noise_may_differ_but_nothing_else():
    assert same_output("W1  relative error 9.30e-11\n", "W1  relative error 1.01e-10\n")
    assert not same_output("W1  relative error 9.30e-11\n", "W1  relative error 4.00e-10\n")
    assert not same_output("W1  relative error 9.30e-11\n", "b1  relative error 9.30e-11\n")
    assert not same_output("relative error 3.16e-08", "relative error 3.17e-08")


def test_the_readme_shows_command_sessions():
    assert len(readme_sessions()) >= 4


@pytest.mark.parametrize("command, expected", readme_sessions())
def test_readme_command_prints_what_the_readme_says(command, expected, capsys):
    words = shlex.split(command)
    assert words[0] == "bpviz"
    main(words[1:])
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert printed == expected or same_output(expected, printed), printed


def test_quick_start_names_the_two_commands_that_exist():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(tools/\S+)", quick_start, flags=re.M)
    assert commands == ["tools/run-app", "tools/run-tests"]
    root = Path(__file__).resolve().parents[1]
    assert all((root / command).is_file() for command in commands)
