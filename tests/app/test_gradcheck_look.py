"""A parameter card's gradient-check badge: green only when every judged element agrees,
amber with the exempt count when elements at a kink were exempt, red when wrong."""

import numpy as np

from bpviz.app.gradcheck_look import check_look
from bpviz.app.theme import LIGHT
from bpviz.engine import ParameterCheck, relative_error


def check(analytic, numeric, kinks=()):
    analytic, numeric = np.asarray(analytic, float), np.asarray(numeric, float)
    return ParameterCheck("W", 3, analytic, numeric, relative_error(analytic, numeric), kinks)


def test_an_agreeing_parameter_is_green_without_a_kink_badge():
    look = check_look(check([1.0, 2.0], [1.0, 2.0]), LIGHT)
    assert look.colour == LIGHT.forward and look.text == "0"
    assert look.kinks == 0 and look.kink_tooltip == ""
    assert look.tooltip == "gradient check of W: relative error 0 (passed)"


def test_a_kink_exempted_parameter_is_amber_and_says_what_was_exempt():
    look = check_look(check([0.0, 1.0, 2.0], [0.5, 1.0, 2.0], ((0,),)), LIGHT)
    assert look.colour == LIGHT.positive  # a large error at a kink is never a green pill
    assert look.text == "1e−1" and look.kinks == 1
    assert look.kink_tooltip == "⚠ kink: 1 of 3 elements exempt, the other 2 agree (rel. error 0)"
    assert look.tooltip.endswith("kinked ones included)\n" + look.kink_tooltip)


def test_a_wrong_element_beside_a_kink_is_red():
    look = check_look(check([0.0, 1.0, 2.2], [0.5, 1.0, 2.0], ((0,),)), LIGHT)
    assert look.colour == LIGHT.gradient and "(failed)" in look.tooltip
    assert look.kinks == 1 and "the other 2 disagree" in look.kink_tooltip


def test_no_check_has_no_look():
    assert check_look(None, LIGHT) is None
