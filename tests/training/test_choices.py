"""Choosing by name: unknown names and settings are refused with the choices listed."""

from __future__ import annotations

import pytest

from bpviz.errors import BpvizError
from bpviz.training.choices import (
    SettingError, UnknownChoiceError, check_known, choose, require,
)


def test_choose_returns_the_named_choice():
    assert choose("colour", "red", {"red": 1, "blue": 2}) == 1


@pytest.mark.parametrize("name", ["green", ["red"]])
def test_an_unknown_name_lists_the_choices(name):
    with pytest.raises(UnknownChoiceError) as caught:
        choose("colour", name, {"red": 1, "blue": 2})
    assert str(caught.value) == f"unknown colour {name!r}; choose one of 'red', 'blue'"
    assert caught.value.choices == ("red", "blue")
    assert isinstance(caught.value, BpvizError) and isinstance(caught.value, ValueError)


def test_check_known_and_require():
    check_known("adam", ["eps"], ["beta1", "eps"])
    with pytest.raises(SettingError, match="adam does not take mu, rho; it takes beta1, eps"):
        check_known("adam", ["mu", "eps", "rho"], ["beta1", "eps"])
    require("mu", 0.5, True, "in [0, 1)")
    with pytest.raises(SettingError, match=r"mu must be in \[0, 1\), not 2"):
        require("mu", 2, False, "in [0, 1)")
