"""NumPy's floating-point warnings off between silence() and restore(), as before after."""

import warnings

import numpy as np
import pytest

from bpviz.engine.plan.quiet import restore, silence


def test_silence_turns_overflow_warnings_off_until_restore():
    big = np.array([1e308])
    token = silence()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert np.isinf(big * 10.0).all()
    finally:
        restore(token)
    with pytest.warns(RuntimeWarning, match="overflow"):
        big * 10.0


def test_silence_inside_silence_has_nothing_to_undo_and_keeps_the_outer_one():
    big = np.array([1e308])
    outer = silence()
    try:
        inner = silence()  # a plan run inside a guarded training step
        assert inner is None  # already off: no second context to make and reset
        restore(inner)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert np.isinf(big * 10.0).all()  # still silenced by the outer call
    finally:
        restore(outer)
    with pytest.warns(RuntimeWarning, match="overflow"):
        big * 10.0


def test_a_guarded_run_leaves_the_check_to_its_caller():
    # Inside guard() (a training step that checks the parameters and optimiser state it
    # leaves) a plan runs its steps alone; outside, its own check names the failing node.
    from bpviz.engine import Graph, NonFiniteError, tanh, total
    from bpviz.engine.plan import compile_plan
    from bpviz.engine.plan.quiet import guard

    graph = Graph()
    x, w = graph.constant(np.ones(3), "x"), graph.variable(np.ones(3), "w")
    J = total(tanh(x * w), label="J")
    plan = compile_plan(graph, J, [x, w])
    plan.set_value(x.id, [1.0, np.nan, 1.0])
    token = guard()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert np.isnan(plan.run())  # no error, no warning: the caller looks
    finally:
        restore(token)
    with pytest.raises(NonFiniteError, match="'mul'"):
        plan.run()
