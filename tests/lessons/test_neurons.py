"""The neuron-level structure of the window lessons, and the mapping units ↔ circuit nodes."""

import pytest

from bpviz.engine import picture_at
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.neurons import (
    HIDDEN, INPUT, OUTPUT, Highlight, highlight, neuron_structure, node_of_connection,
    node_of_unit, output_names, step_highlight, step_windows, window_for,
)
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig


def ids(trace):
    """Node ids by label."""
    return {info.label: info.id for info in trace.nodes}


@pytest.fixture(scope="module")
def scorer():
    trace = WindowScorerLesson().record()
    return trace, neuron_structure(trace), ids(trace)


def all_units(network, layer):
    return {(layer, unit) for unit in range(network.layers[layer].size)}


def test_the_scorer_has_a_true_and_a_corrupt_window_with_168_edges_each(scorer):
    trace, structure, node = scorer
    assert structure.windows == ("true", "corrupt")
    for window, prefix in (("true", ""), ("corrupt", "_c")):
        network = structure.network(window)
        assert [layer.role for layer in network.layers] == [INPUT, HIDDEN, OUTPUT]
        assert [layer.size for layer in network.layers] == [20, 8, 1]
        assert network.unit_count == 29
        assert network.edge_count == 168 == 8 * 20 + 8
        hidden = network.layers[1]
        assert (hidden.node, hidden.pre, hidden.bias) == (
            node["h" + prefix], node["z" + prefix], node["b"])
        assert network.layers[2].node == node["s" + prefix]
        W, u = network.connections
        assert (W.node, W.shape, W.vector, W.product) == (node["W"], (8, 20), False,
                                                         node["Wx" + prefix])
        assert (u.node, u.shape, u.vector) == (node["u"], (1, 8), True)
        assert network.output == node["J"]


def test_inputs_are_grouped_by_word_in_window_order(scorer):
    _, structure, node = scorer
    true, corrupt = structure.network("true"), structure.network("corrupt")
    assert [(g.word, g.start, g.size) for g in true.groups] == [
        ("museums", 0, 4), ("in", 4, 4), ("Paris", 8, 4), ("are", 12, 4), ("amazing", 16, 4)]
    assert [g.word for g in corrupt.groups] == ["Not", "all", "museums", "in", "Paris"]
    assert [g.node for g in corrupt.groups] == [node[w] for w in ("Not", "all", "museums",
                                                                  "in", "Paris")]
    assert list(true.groups[2].units) == [8, 9, 10, 11]


def test_edge_count_follows_d_and_hidden():
    trace = WindowScorerLesson(WindowConfig(d=3, hidden=5)).record()
    network = neuron_structure(trace).network("true")
    assert network.edge_count == 5 * 3 * 5 + 5 == 80
    assert [layer.size for layer in network.layers] == [15, 5, 1]
    assert {group.size for group in network.groups} == {3}


def test_a_linear_activation_shows_z_itself():
    trace = WindowScorerLesson(WindowConfig(activation="linear")).record()
    hidden = neuron_structure(trace).network("true").layers[1]
    assert trace.node(hidden.node).label == "z" and hidden.pre is None


def test_the_linear_classifier_maps_x_to_four_named_classes():
    lesson = WindowClassifierLesson()
    trace = lesson.record()
    structure = neuron_structure(trace, output_names(lesson))
    assert structure.windows == ("true",)
    network = structure.network("true")
    assert [layer.size for layer in network.layers] == [20, 4]
    assert network.layers[1].names == ("PER", "LOC", "ORG", "NONE")
    assert network.layers[1].node == ids(trace)["f"]
    assert network.edge_count == 80


def test_the_classifier_with_a_hidden_layer_has_W_and_U():
    lesson = WindowClassifierLesson(WindowClassifierConfig(hidden=8))
    trace = lesson.record()
    network = neuron_structure(trace, output_names(lesson)).network("true")
    node = ids(trace)
    assert [layer.size for layer in network.layers] == [20, 8, 4]
    assert [c.node for c in network.connections] == [node["W"], node["U"]]
    assert network.connections[1].shape == (4, 8)
    assert network.edge_count == 8 * 20 + 4 * 8
    assert network.layers[2].names == ("PER", "LOC", "ORG", "NONE")


def test_an_expression_has_no_units():
    assert neuron_structure(ExpressionLesson().record()) is None
    assert output_names(ExpressionLesson()) == ()
    with pytest.raises(KeyError):
        neuron_structure(WindowClassifierLesson().record()).network("corrupt")


def test_each_circuit_node_highlights_its_units(scorer):
    _, structure, node = scorer
    network = structure.network("true")
    assert highlight(network, node["Paris"]) == Highlight(
        frozenset((0, unit) for unit in range(8, 12)))
    assert highlight(network, node["x"]).units == all_units(network, 0)
    for name in ("z", "h", "b"):
        assert highlight(network, node[name]) == Highlight(frozenset(all_units(network, 1)))
    assert highlight(network, node["s"]) == Highlight(frozenset({(2, 0)}))
    assert highlight(network, node["W"]) == Highlight(connections=frozenset({0}))
    assert highlight(network, node["u"]) == Highlight(connections=frozenset({1}))
    assert highlight(network, node["Wx"]) == Highlight(frozenset(all_units(network, 1)),
                                                       frozenset({0}))
    for name in ("J", "x_c", "h_c", "s_c", "Not"):
        assert not highlight(network, node[name])
    assert not highlight(network, None)


def test_a_shared_word_sits_elsewhere_in_the_corrupt_window(scorer):
    _, structure, node = scorer
    corrupt = structure.network("corrupt")
    assert highlight(corrupt, node["Paris"]).units == {(0, unit) for unit in range(16, 20)}
    assert highlight(corrupt, node["h_c"]).units == all_units(corrupt, 1)


def test_units_and_edges_map_back_to_their_circuit_nodes(scorer):
    _, structure, node = scorer
    network = structure.network("true")
    assert node_of_unit(network, 0, 0) == node["museums"]
    assert node_of_unit(network, 0, 9) == node["Paris"]
    assert node_of_unit(network, 0, 19) == node["amazing"]
    assert node_of_unit(network, 1, 3) == node["h"]
    assert node_of_unit(network, 2, 0) == node["s"]
    assert node_of_connection(network, 0) == node["W"]
    assert node_of_connection(network, 1) == node["u"]
    assert node_of_unit(structure.network("corrupt"), 0, 0) == node["Not"]


def test_every_unit_is_highlighted_by_its_own_node(scorer):
    _, structure, _ = scorer
    for network in structure.networks:
        for layer_index, layer in enumerate(network.layers):
            for unit in range(layer.size):
                node_id = node_of_unit(network, layer_index, unit)
                assert (layer_index, unit) in highlight(network, node_id).units
        for index in range(len(network.connections)):
            assert index in highlight(network, node_of_connection(network, index)).connections


def test_the_window_to_show_follows_the_selected_node(scorer):
    _, structure, node = scorer
    assert window_for(structure, node["h_c"], "true") == "corrupt"
    assert window_for(structure, node["amazing"], "corrupt") == "true"
    assert window_for(structure, node["Paris"], "corrupt") == "corrupt"  # in both: stay
    assert window_for(structure, node["W"], "corrupt") == "corrupt"
    assert window_for(structure, node["J"], "true") == "true"
    assert window_for(structure, None, "corrupt") == "corrupt"


def test_the_active_step_highlights_what_it_works_on(scorer):
    trace, structure, node = scorer
    network = structure.network("true")
    index_of = {(step.phase, step.node): index + 1 for index, step in enumerate(trace.steps)}
    forward_z = picture_at(trace, index_of[("forward", node["z"])]).step
    assert step_highlight(network, trace, forward_z).units == all_units(network, 1)
    back_Wx = picture_at(trace, index_of[("backward", node["Wx"])]).step
    assert step_highlight(network, trace, back_Wx) == Highlight(
        frozenset(all_units(network, 1)), frozenset({0}))
    back_s = picture_at(trace, index_of[("backward", node["s"])]).step
    assert step_highlight(network, trace, back_s) == Highlight(frozenset({(2, 0)}),
                                                               frozenset({1}))
    back_x = picture_at(trace, index_of[("backward", node["x"])]).step
    assert step_highlight(network, trace, back_x).units == all_units(network, 0)
    forward_h_c = picture_at(trace, index_of[("forward", node["h_c"])]).step
    assert not step_highlight(network, trace, forward_h_c)
    assert not step_highlight(network, trace, None)


def test_step_windows_say_which_window_a_step_works_on(scorer):
    trace, structure, node = scorer
    by_node = {(step.phase, step.node): step for step in trace.steps}
    assert step_windows(structure, trace, by_node[("forward", node["h_c"])]) == ("corrupt",)
    assert step_windows(structure, trace, by_node[("forward", node["z"])]) == ("true",)
    assert step_windows(structure, trace, by_node[("forward", node["J"])]) == ()
    # W's gradient lands in both windows' edges.
    assert step_windows(structure, trace, by_node[("backward", node["Wx_c"])]) == (
        "true", "corrupt")
