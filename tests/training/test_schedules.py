"""Learning-rate schedules: their values at a few epochs, their registry, their checks."""

from __future__ import annotations

import dataclasses

import pytest

from bpviz.errors import BpvizError
from bpviz.training.schedules import (
    SCHEDULES, Constant, ExponentialDecay, StepDecay, make_schedule, schedule_settings,
)


def rates(schedule, epochs):
    return [schedule.lr_at(epoch) for epoch in epochs]


def test_constant():
    assert rates(Constant(0.1), [0, 1, 50]) == [0.1, 0.1, 0.1]


def test_step_decay_halves_every_k_epochs():
    schedule = StepDecay(0.1, every=3)
    assert rates(schedule, [0, 2, 3, 5, 6, 9]) == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125], rel=1e-12)


def test_step_decay_factor():
    assert rates(StepDecay(1.0, factor=0.1, every=2), [0, 1, 2, 4]) == pytest.approx(
        [1.0, 1.0, 0.1, 0.01], rel=1e-12)


def test_exponential_decay():
    assert rates(ExponentialDecay(0.1, rate=0.5), [0, 1, 2, 3]) == pytest.approx(
        [0.1, 0.05, 0.025, 0.0125], rel=1e-12)
    assert ExponentialDecay(2.0, rate=0.9).lr_at(2) == pytest.approx(2.0 * 0.81, rel=1e-12)


def test_schedules_are_frozen_and_give_floats():
    schedule = StepDecay(0.1, every=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        schedule.lr = 1.0
    assert type(schedule.lr_at(3)) is float


def test_make_schedule_by_name():
    assert SCHEDULES == {"constant": Constant, "step": StepDecay,
                         "exponential": ExponentialDecay}
    assert make_schedule("step", 0.1, every=3) == StepDecay(0.1, factor=0.5, every=3)
    assert make_schedule("exponential", 0.2, rate=0.5) == ExponentialDecay(0.2, 0.5)
    assert make_schedule("constant", 0.3) == Constant(0.3)
    assert schedule_settings("step") == ("factor", "every")


@pytest.mark.parametrize("build, message", [
    (lambda: make_schedule("cosine", 0.1), "unknown schedule 'cosine'; choose one of "
                                           "'constant', 'step', 'exponential'"),
    (lambda: make_schedule("constant", 0.1, rate=0.5), "does not take rate"),
    (lambda: StepDecay(0.1, every=0), "every must be a whole number"),
    (lambda: StepDecay(0.1, every=1.5), "every must be a whole number"),
    (lambda: StepDecay(0.1, factor=0.0), r"factor must be in \(0, 1\]"),
    (lambda: ExponentialDecay(0.1, rate=1.5), r"rate must be in \(0, 1\]"),
    (lambda: Constant(-0.1), "lr must be a finite number"),
    (lambda: Constant(float("inf")), "lr must be a finite number"),
])
def test_bad_schedules_say_what_is_wrong(build, message):
    with pytest.raises(BpvizError, match=message):
        build()


def test_epochs_count_from_zero():
    with pytest.raises(ValueError, match="epochs count from 0"):
        Constant(0.1).lr_at(-1)
