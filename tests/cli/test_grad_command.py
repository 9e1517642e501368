"""`bpviz grad`: value and gradient, as text and as JSON."""

from __future__ import annotations

import json

import pytest

from bpviz.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lecture_circuit_as_text(capsys):
    code, out, err = run(capsys, "grad", "(x+y)*max(y,z)", "x=1", "y=2", "z=0")
    assert (code, err) == (0, "")
    assert out == "f = (x+y)*max(y,z) = 6\n∂f/∂x = 2\n∂f/∂y = 5\n∂f/∂z = 0\n"


def test_lecture_circuit_as_json_exactly(capsys):
    code, out, err = run(capsys, "grad", "(x+y)*max(y,z)", "x=1", "y=2", "z=0", "--json")
    assert (code, err) == (0, "")
    assert out == ('{"expr": "(x+y)*max(y,z)", "value": 6.0, '
                   '"grad": {"x": 2.0, "y": 5.0, "z": 0.0}}\n')


def test_second_lecture_circuit_with_negative_values(capsys):
    code, out, _ = run(capsys, "grad", "(x+y)*z", "x=-2", "y=5", "z=-4", "--json")
    assert code == 0
    assert json.loads(out) == {"expr": "(x+y)*z", "value": -12.0,
                               "grad": {"x": -4.0, "y": -4.0, "z": 3.0}}


def test_gradient_keys_follow_first_appearance_not_the_command_line(capsys):
    _, out, _ = run(capsys, "grad", "b*a", "a=2", "b=3", "--json")
    assert list(json.loads(out)["grad"]) == ["b", "a"]


@pytest.mark.parametrize("argv", [
    ["grad", "-x*y", "x=1", "y=2"],
    ["grad", "--json", "-x*y", "x=1", "y=2"],
    ["grad", "-x*y", "x=1", "--json", "y=2"],
    ["grad", "--", "-x*y", "x=1", "y=2"],
])
def test_a_formula_may_start_with_minus(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    if "--json" in argv:
        assert json.loads(out) == {"expr": "-x*y", "value": -2.0, "grad": {"x": -2.0, "y": -1.0}}
    else:
        assert out.splitlines() == ["f = -x*y = -2", "∂f/∂x = -2", "∂f/∂y = -1"]


def test_values_may_be_negative_or_in_exponent_notation(capsys):
    _, out, _ = run(capsys, "grad", "x*y", "x=-2", "y=1e-3", "--json")
    assert json.loads(out) == {"expr": "x*y", "value": -0.002, "grad": {"x": 0.001, "y": -2.0}}


def test_numbers_are_printed_without_float_noise(capsys):
    _, out, _ = run(capsys, "grad", "x + 0.2", "x=0.1")
    assert out.splitlines() == ["f = x + 0.2 = 0.3", "∂f/∂x = 1"]


def test_negative_zero_is_printed_as_zero(capsys):
    _, out, _ = run(capsys, "grad", "-x*y", "x=1", "y=0")
    assert out.splitlines()[1:] == ["∂f/∂x = 0", "∂f/∂y = -1"]


def test_a_formula_without_variables(capsys):
    code, out, _ = run(capsys, "grad", "2**10")
    assert (code, out) == (0, "f = 2**10 = 1024\n")
