"""What the inspector says about a node, checked against the trace at every step: the
lecture circuit (x+y)·max(y,z), the window scorer, and the gradient-check table."""

import numpy as np
import pytest

from bpviz.engine import GradcheckReport, ParameterCheck, picture_at, relative_error
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.inspection import (
    LEAF_NOTE, array_grids, exact_cells, gradcheck_rows, gradcheck_summary,
    gradcheck_tone, inspect_node, kink_lines, summary_rows, wiring,
)
from bpviz.formatting import exact, number, preview, scientific
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson


def node_id(trace, label):
    return next(info.id for info in trace.nodes if info.label == label)


def inspect(trace, label, index, output):
    return inspect_node(trace, picture_at(trace, index), node_id(trace, label), output)


@pytest.fixture(scope="module")
def lecture():
    return ExpressionLesson().record()


@pytest.fixture(scope="module")
def scorer():
    return WindowScorerLesson().record()


def plain(texts):
    return tuple(text.plain for text in texts)


def plain_rows(rows):
    return tuple((key.plain, text.plain, role) for key, text, role in rows)


# ------------------------------------------------------------------ the lecture circuit


def test_y_gets_3_then_2_more_and_ends_at_5(lecture):
    trace, forward = lecture, lecture.forward_count
    before = inspect(trace, "y", forward, "f")
    assert before.value_text == "2" and float(before.value) == 2.0
    assert before.grad is None
    assert before.grad_text == "not yet: backward step 2 brings it"
    assert before.gradient_symbol.plain == "∂f/∂y"

    halfway = inspect(trace, "y", forward + 2, "f")  # max(y,z) has sent 3, x+y not yet
    assert float(halfway.grad) == 3.0 and halfway.grad_partial
    assert halfway.grad_text == "3 so far (1 of 2 arrived; backward step 3 adds the next)"

    after = inspect(trace, "y", len(trace.steps), "f")
    assert float(after.grad) == 5.0 and not after.grad_partial
    assert after.grad_text == "5"
    assert after.grad is picture_at(trace, len(trace.steps)).grads[node_id(trace, "y")]


def test_a_gate_says_which_forward_step_computes_it(lecture):
    start = inspect(lecture, "x+y", 0, "f")
    assert start.value is None
    assert start.value_text == "not computed yet: forward step 1 computes it"
    assert start.grad_text == "not yet: backward step 1 brings it"
    assert start.kind == "operation" and start.op == "add"
    assert start.parents == ("x", "y") and start.children == ("(x+y)*max(y,z)",)
    assert plain(start.local_gradients) == ("∂(x+y)/∂x = 1", "∂(x+y)/∂y = 1")
    assert inspect(lecture, "x+y", 1, "f").value_text == "3"


def test_the_output_is_named_f_and_starts_the_backward_pass(lecture):
    output = inspect(lecture, "(x+y)*max(y,z)", len(lecture.steps), "f")
    assert output.description.plain == "f = (x+y)*max(y,z)"
    assert output.gradient_symbol.plain == "∂f/∂f" and output.grad_text == "1"
    assert output.value_text == "6"
    assert output.children == ()
    assert plain(output.local_gradients) == ("∂f/∂(x+y) = max(y,z) = 2",
                                             "∂f/∂max(y,z) = x+y = 3")


def test_max_routes_nothing_to_z(lecture):
    z = inspect(lecture, "z", len(lecture.steps), "f")
    assert float(z.grad) == 0.0 and z.grad_text == "0"
    assert z.kind == "variable (gets a gradient)" and z.op == ""
    assert plain(z.local_gradients) == (LEAF_NOTE,)


def test_a_scalar_lists_value_and_gradient(lecture):
    rows = plain_rows(summary_rows(inspect(lecture, "y", len(lecture.steps), "f")))
    assert rows[:4] == (("shape", "scalar", "plain"),
                        ("graph", "y → x+y, max(y,z)", "plain"),
                        ("value", "2", "value"), ("∂f/∂y", "5", "gradient"))
    assert rows[4] == ("local", LEAF_NOTE, "plain")


# ------------------------------------------------------------------ the window scorer


def test_every_node_at_every_step_shows_the_trace(scorer):
    for index in range(len(scorer.steps) + 1):
        picture = picture_at(scorer, index)
        for info in scorer.nodes:
            shown = inspect_node(scorer, picture, info.id, "J")
            value, grad = picture.values.get(info.id), picture.grads.get(info.id)
            assert (shown.value is None) == (value is None)
            assert (shown.grad is None) == (grad is None)
            if value is not None:
                assert np.array_equal(shown.value, value)
                assert shown.value_text == preview(value)
            if grad is not None:
                assert np.array_equal(shown.grad, grad)
                assert shown.grad_text.startswith(preview(grad))
            assert shown.dims == info.shape


def test_z_reads_like_the_lecture(scorer):
    z = inspect(scorer, "z", len(scorer.steps), "J")
    assert z.description.plain == "z = Wx + b"
    assert z.shape == "8" and z.dims == (8,)
    assert z.gradient_symbol.plain == "∂J/∂z"
    assert z.parents == ("Wx", "b") and z.children == ("h",)
    assert wiring(z) == "Wx, b → z → h"
    local, = plain(inspect(scorer, "h", len(scorer.steps), "J").local_gradients)
    assert local.startswith("f′(z) = 1 − tanh²(z) = [")  # the local derivative alone
    s_locals = plain(inspect(scorer, "s", len(scorer.steps), "J").local_gradients)
    assert s_locals[0].startswith("∂s/∂u = h = [") and s_locals[1].startswith("∂s/∂h = u = [")


def test_w_sums_what_both_windows_send(scorer):
    w = node_id(scorer, "W")
    arrivals = [index for index, step in enumerate(scorer.steps, 1)
                if step.phase == "backward" and any(c.to == w for c in step.contributions)]
    assert len(arrivals) == 2
    first = inspect(scorer, "W", arrivals[0], "J")
    assert first.grad_partial and first.shape == "8×20"
    assert first.grad_text.endswith(
        f"so far (1 of 2 arrived; backward step {arrivals[1] - scorer.forward_count} "
        "adds the next)")
    done = inspect(scorer, "W", arrivals[1], "J")
    assert not done.grad_partial
    assert np.array_equal(done.grad, picture_at(scorer, len(scorer.steps)).grads[w])
    assert done.children == ("Wx", "Wx_c")


def test_a_known_vector_is_left_to_the_table(scorer):
    end = len(scorer.steps)
    keys = [key for key, _, _ in plain_rows(summary_rows(inspect(scorer, "z", end, "J")))]
    assert keys == ["shape", "graph", "local", ""]
    early = plain_rows(summary_rows(inspect(scorer, "z", 0, "J")))
    assert ("value", "not computed yet: forward step 3 computes it", "value") in early
    assert ("∂J/∂z", "not yet: backward step 8 brings it", "gradient") in early


def test_grids_hold_the_exact_numbers(scorer):
    end = len(scorer.steps)
    picture = picture_at(scorer, end)
    w = node_id(scorer, "W")
    value, gradient = array_grids(inspect_node(scorer, picture, w, "J"))
    assert (gradient.rows, gradient.columns) == (8, 20)
    assert gradient.name == "∂J/∂W" and value.name == "W"
    grad = picture.grads[w]
    assert gradient.cells[2][7] == number(grad[2, 7], 4)
    assert gradient.cell_text(2, 7) == f"∂J/∂W[2, 7] = {exact(grad[2, 7])}"
    assert float(gradient.exact[2][7].replace("−", "-")) == grad[2, 7]  # exact, round-trips
    assert gradient.scale == np.abs(grad).max()

    z_value, z_grad = array_grids(inspect(scorer, "z", scorer.forward_count, "J"))
    assert (z_value.rows, z_value.columns) == (8, 1)  # a vector is a column
    assert z_value.cell_text(3, 0).startswith("z[3] = ")
    assert z_grad.values is None and z_grad.cells[0] == ("",)
    assert z_grad.cell_text(0, 0) == "∂J/∂z[0]: not yet: backward step 8 brings it"

    j_value, _ = array_grids(inspect(scorer, "J", end, "J"))
    assert j_value.cell_text(0, 0) == f"J = {exact(picture.values[node_id(scorer, 'J')])}"


def test_exact_cells_lay_a_vector_out_as_a_column():
    assert exact_cells(np.array([1.5, -0.25])) == [["1.5"], ["−0.25"]]
    assert exact_cells(np.array(2.0)) == [["2.0"]]
    assert exact_cells(np.zeros((2, 3))) == [["0.0"] * 3] * 2


# ------------------------------------------------------------------ gradient checks


def test_every_window_scorer_parameter_passes():
    report = WindowScorerLesson().gradcheck()
    rows = gradcheck_rows(report)
    assert [row.parameter for row in rows] == [
        "museums", "in", "Paris", "are", "amazing", "Not", "all", "W", "b", "u"]
    for row, check in zip(rows, report.parameters):
        assert row.passed and row.verdict == "✓ pass" and row.tone == "pass"
        assert row.rel_error == check.rel_error < 1e-7
        assert row.rel_error_text == scientific(check.rel_error)
        assert row.kinks == 0 and row.kink_text == ""
    assert gradcheck_summary(report) == (
        f"largest relative error {scientific(report.max_rel_error)} (h = 1e−5): "
        "every parameter passed ✓")
    assert gradcheck_tone(report) == "pass"
    assert kink_lines(rows) == ()


def test_a_kink_is_flagged_and_explained():
    report = ExpressionLesson("max(x,y)*y", {"x": 1.0, "y": 1.0}).gradcheck()
    rows = gradcheck_rows(report)
    assert all(row.kinks == 1 and row.verdict == "⚠ kink" for row in rows)
    assert rows[0].kink_text == "⚠ 1 of 1 exempt"
    assert rows[0].reason == "⚠ kink: 1 of 1 element exempt, no other element to check"
    assert gradcheck_tone(report) == "kink"
    assert gradcheck_summary(report).endswith("no failures, 2 elements exempt at a kink ⚠")
    assert kink_lines(rows) == (
        "⚠ a ReLU/max/|·|/hinge kink lies within h: central differences are not valid there",
        "only those elements are exempt: every other element must still agree",
        "flagged: x, y")


def kinked_check(analytic, numeric, kinks, within_noise=False):
    """A check of a vector parameter whose elements `kinks` lie within h of a kink."""
    analytic, numeric = np.asarray(analytic, float), np.asarray(numeric, float)
    return ParameterCheck("W", 7, analytic, numeric, relative_error(analytic, numeric),
                          kinks, within_noise)


def test_a_kink_exempts_only_its_elements_and_says_how_many():
    agreeing = kinked_check([0.0, 1.0, 2.0, 3.0], [0.5, 1.0, 2.0, 3.0], ((0,), (1,)))
    (row,) = gradcheck_rows(GradcheckReport((agreeing,), agreeing.rel_error, 0.0, 1e-5))
    assert row.rel_error > 0.05 and row.passed and row.tone == "kink"
    assert row.verdict == "⚠ kink" and row.kink_text == "⚠ 2 of 4 exempt"
    assert row.reason == "⚠ kink: 2 of 4 elements exempt, the other 2 agree (rel. error 0)"


def test_a_kink_does_not_excuse_a_wrong_element_elsewhere():
    wrong = kinked_check([0.0, 1.0, 2.2], [0.5, 1.0, 2.0], ((0,),))
    report = GradcheckReport((wrong,), wrong.rel_error, wrong.rel_error, 1e-5)
    (row,) = gradcheck_rows(report)
    assert not row.passed and row.verdict == "✗ FAIL" and row.tone == "fail"
    assert row.reason.startswith("✗ 1 of 3 elements exempt at a kink, but the other 2 "
                                 "disagree with central differences (rel. error 4.")
    assert gradcheck_summary(report).endswith("1 failed ✗") and gradcheck_tone(report) == "fail"


@pytest.mark.parametrize("lesson", [ExpressionLesson, WindowScorerLesson, WindowClassifierLesson])
def test_the_lecture_circuits_pass(lesson):
    rows = gradcheck_rows(lesson().gradcheck())
    assert all(row.passed and row.tone == "pass" for row in rows)


def test_a_zero_gradient_passes_within_noise_and_a_wrong_one_fails():
    zero = ParameterCheck("z", 2, np.zeros(1), np.full(1, 1e-12), 1.0, (), within_noise=True)
    wrong = ParameterCheck("W", 7, np.ones(2), np.zeros(2), 1.0, ())
    report = GradcheckReport((zero, wrong), 1.0, 1.0, 1e-5)
    rows = gradcheck_rows(report)
    assert [row.verdict for row in rows] == ["✓ pass (zero)", "✗ FAIL"]
    assert "rounding noise" in rows[0].reason
    assert "disagrees" in rows[1].reason
    assert gradcheck_summary(report) == "largest relative error 1.00e0 (h = 1e−5): 1 failed ✗"
    assert gradcheck_tone(report) == "fail"


def test_scientific_uses_true_minus_signs():
    assert scientific(1.15e-11) == "1.15e−11"
    assert scientific(0.0) == "0"
    assert scientific(3.3e-1) == "3.30e−1"
