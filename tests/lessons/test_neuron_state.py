"""What the neuron view shows at each step, read from the trace: values, edges, texts."""

import numpy as np
import pytest

from bpviz.engine import picture_at
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.neuron_state import (
    class_outputs, edge_text, neuron_state, number, unit_text,
)
from bpviz.lessons.neurons import neuron_structure, output_names
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig


def ids(trace):
    return {info.label: info.id for info in trace.nodes}


def first_index_with_grad(trace, node_id):
    """The first position at which the backward pass has reached `node_id`."""
    return next(i for i in range(len(trace.steps) + 1) if node_id in picture_at(trace, i).grads)


def backward_index(trace, node_id):
    """The position right after the backward step at `node_id`."""
    return next(i + 1 for i, step in enumerate(trace.steps)
                if step.phase == "backward" and step.node == node_id)


def part_from(trace, product, weight):
    """What the backward step at `product` sent to `weight`: one window's part."""
    step = trace.steps[backward_index(trace, product) - 1]
    return next(part.downstream for part in step.contributions if part.to == weight)


def forward_index(trace, node_id):
    return next(i + 1 for i, step in enumerate(trace.steps)
                if step.phase == "forward" and step.node == node_id)


@pytest.fixture(scope="module")
def scorer():
    trace = WindowScorerLesson().record()
    return trace, neuron_structure(trace).network("true"), ids(trace)


def test_at_the_start_inputs_and_weights_are_known_hidden_units_are_not(scorer):
    trace, network, node = scorer
    state = neuron_state(network, trace, picture_at(trace, 0))
    words = np.concatenate([trace.leaf_values[node[w]]
                            for w in ("museums", "in", "Paris", "are", "amazing")])
    np.testing.assert_array_equal(state.layers[0].values, words)
    assert state.layers[0].scale == np.max(np.abs(words))
    assert state.layers[1].values is None and state.layers[2].values is None
    W = trace.leaf_values[node["W"]]
    edges = state.connections[0]
    np.testing.assert_array_equal(edges.values, W)
    np.testing.assert_allclose(edges.strengths, np.abs(W) / np.max(np.abs(W)))
    assert edges.strengths.max() == 1.0
    assert not edges.gradient and edges.label == "W"
    np.testing.assert_array_equal(state.connections[1].values, [trace.leaf_values[node["u"]]])
    assert state.edges_text == "edges: W, u"
    assert state.phase == "start" and not state.active


def test_hidden_units_show_z_then_h(scorer):
    trace, network, node = scorer
    at_z = neuron_state(network, trace, picture_at(trace, forward_index(trace, node["z"])))
    z_step = trace.steps[forward_index(trace, node["z"]) - 1]
    np.testing.assert_array_equal(at_z.layers[1].values, z_step.value)
    assert at_z.layers[1].node == node["z"]
    assert at_z.active.units == {(1, unit) for unit in range(8)}
    at_h = neuron_state(network, trace, picture_at(trace, forward_index(trace, node["h"])))
    h_step = trace.steps[forward_index(trace, node["h"]) - 1]
    np.testing.assert_array_equal(at_h.layers[1].values, h_step.value)
    assert at_h.layers[1].node == node["h"]
    assert at_h.layers[2].values is None


def test_the_true_windows_edges_show_only_the_true_windows_part(scorer):
    trace, network, node = scorer
    assert first_index_with_grad(trace, node["W"]) < backward_index(trace, node["Wx"])
    index = backward_index(trace, node["Wx"])  # the true window's W x sends to W
    before = neuron_state(network, trace, picture_at(trace, index - 1))
    assert not before.connections[0].gradient  # the corrupt window's part is not shown here
    assert before.edges_text == "edges: W, (∂J/∂s) ∂s/∂u"  # u's part arrives first
    after = neuron_state(network, trace, picture_at(trace, index))
    true_part = part_from(trace, node["Wx"], node["W"])
    np.testing.assert_array_equal(after.connections[0].values, true_part)
    np.testing.assert_allclose(after.connections[0].strengths,
                               np.abs(true_part) / np.abs(true_part).max())
    assert after.connections[0].label == "(∂J/∂s) ∂s/∂W"
    assert after.edges_text == "edges: (∂J/∂s) ∂s/∂W, (∂J/∂s) ∂s/∂u"
    end = picture_at(trace, len(trace.steps))
    assert not np.allclose(true_part, end.grads[node["W"]])  # the total has both windows
    corrupt = neuron_structure(trace).network("corrupt")
    np.testing.assert_array_equal(neuron_state(corrupt, trace, end).connections[0].values,
                                  part_from(trace, node["Wx_c"], node["W"]))


def test_a_satisfied_hinge_gives_zero_gradients_and_zero_strengths():
    trace = WindowScorerLesson(WindowConfig(seed=8)).record()
    assert float(trace.output_value) == 0.0  # s − s_c ≥ 1: nothing flows back
    network = neuron_structure(trace).network("true")
    state = neuron_state(network, trace, picture_at(trace, len(trace.steps)))
    for connection in state.connections:
        assert connection.gradient
        assert not np.any(connection.values) and not np.any(connection.strengths)


def test_tooltip_texts_give_index_value_and_gradient(scorer):
    trace, network, node = scorer
    W, u = trace.leaf_values[node["W"]], trace.leaf_values[node["u"]]
    start = picture_at(trace, 0)
    assert edge_text(network, trace, start, 0, 3, 17) == f"W[3, 17] = {number(W[3, 17])}"
    assert edge_text(network, trace, start, 1, 0, 5) == f"u[5] = {number(u[5])}"
    end = picture_at(trace, len(trace.steps))
    gW = end.grads[node["W"]]
    text = edge_text(network, trace, end, 0, 3, 17)
    assert text.startswith(f"W[3, 17] = {number(W[3, 17])} · ∂J/∂W[3, 17] = "
                           "(∂J/∂s) δ[3] x[17] + (∂J/∂s_c) δ_c[3] x_c[17] = −1 × ")
    assert text.endswith(f" = {number(gW[3, 17])}")
    x, x_c = end.values[node["x"]], end.values[node["x_c"]]
    delta = trace.score_steps[node["s"]][node["Wx"]].upstream
    delta_c = trace.score_steps[node["s_c"]][node["Wx_c"]].upstream
    assert gW[3, 17] == pytest.approx(-delta[3] * x[17] + delta_c[3] * x_c[17], rel=1e-12)
    assert number(delta[3]) in text and number(delta_c[3]) in text
    paris = trace.leaf_values[node["Paris"]]
    assert unit_text(network, trace, start, 0, 9) == f"x[9] = Paris[1] = {number(paris[1])}"
    assert unit_text(network, trace, start, 1, 3) == "h[3] not computed yet · z[3] not computed yet"
    h, z, s = (end.values[node[name]] for name in ("h", "z", "s"))
    assert unit_text(network, trace, end, 1, 3) == (
        f"h[3] = {number(h[3])} · z[3] = {number(z[3])} · "
        f"∂J/∂h[3] = {number(end.grads[node['h']][3])} · "
        f"∂J/∂z[3] = {number(end.grads[node['z']][3])}")
    assert unit_text(network, trace, end, 2, 0) == f"s = {number(s)} · ∂J/∂s = −1"
    assert unit_text(network, trace, end, 0, 9).endswith(
        f"∂J/∂x[9] = {number(end.grads[node['x']][9])}")


def test_numbers_have_seven_significant_digits():
    assert number(0.123456789) == "0.1234568"
    assert number(-0.00123) == "−0.00123"
    assert number(np.float64(2.0)) == "2"


def test_class_units_are_named_in_their_texts():
    lesson = WindowClassifierLesson()
    trace = lesson.record()
    network = neuron_structure(trace, output_names(lesson)).network("true")
    end = picture_at(trace, len(trace.steps))
    f = end.values[ids(trace)["f"]]
    assert unit_text(network, trace, end, 1, 1).startswith(f"f[1] (LOC) = {number(f[1])}")


def test_a_softmax_classifiers_outputs_carry_y_hat_once_the_loss_is_known_and_the_target():
    for config in (WindowClassifierConfig(), WindowClassifierConfig(hidden=8, target="ORG")):
        lesson = WindowClassifierLesson(config)
        trace = lesson.record()
        network = neuron_structure(trace, output_names(lesson)).networks[0]
        scores = next(layer.node for layer in network.layers[-1:])
        before = class_outputs(network, trace, picture_at(trace, trace.forward_count - 1))
        assert [c.name for c in before] == list(config.classes)
        assert all(c.probability is None for c in before)
        assert [c.target for c in before] == [name == config.target for name in config.classes]
        after = class_outputs(network, trace, picture_at(trace, trace.forward_count))
        f = np.ravel(picture_at(trace, trace.forward_count).values[scores])
        softmax = np.exp(f - f.max()) / np.exp(f - f.max()).sum()
        np.testing.assert_allclose([c.probability for c in after], softmax, rtol=1e-12)
        # J is −log ŷ at the target.
        target = config.classes.index(config.target)
        assert float(trace.output_value) == pytest.approx(-np.log(softmax[target]))


def test_the_window_scorer_has_no_classes():
    trace = WindowScorerLesson().record()
    for network in neuron_structure(trace).networks:
        assert class_outputs(network, trace, picture_at(trace, len(trace.steps))) == ()
