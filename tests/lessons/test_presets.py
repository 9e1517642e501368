"""The expression lesson's presets: the lecture's circuits with their known answers."""

import math

import pytest

from bpviz.errors import BpvizError
from bpviz.expression import build_circuit, gradients
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.presets import PRESETS, preset


def computed(name):
    chosen = preset(name)
    circuit = build_circuit(chosen.formula, chosen.values)
    return circuit.value, gradients(circuit)


def test_cs231n_circuit_gives_the_lectures_numbers():
    f, grads = computed("cs231n")
    assert f == -12 and grads == {"x": -4, "y": -4, "z": 3}
    assert dict(preset("cs231n").known) == {"f": -12, "x": -4, "y": -4, "z": 3}


def test_lecture_circuit_gives_the_lectures_numbers():
    f, grads = computed("lecture")
    assert f == 6 and grads == {"x": 2, "y": 5, "z": 0}


@pytest.mark.parametrize("chosen", PRESETS, ids=lambda p: p.name)
def test_every_known_answer_holds_and_every_preset_opens_as_a_lesson(chosen):
    f, grads = computed(chosen.name)
    for name, value in chosen.known.items():
        assert (f if name == "f" else grads[name]) == pytest.approx(value)
    lesson = ExpressionLesson(chosen.formula, chosen.values)
    assert lesson.values == {name: float(v) for name, v in chosen.values.items()}
    assert chosen.title and chosen.note


def test_the_sigmoid_neuron_and_the_two_layer_net():
    f, grads = computed("neuron")
    assert f == pytest.approx(1 / (1 + math.exp(-1)))      # w0x0 + w1x1 + w2 = 1
    assert grads["w0"] == pytest.approx(-0.196612, abs=1e-6)
    assert grads["x0"] == pytest.approx(0.393224, abs=1e-6)
    f, grads = computed("two-layer")
    h = math.tanh(0.5)                                       # w1 x + b1 = 0.5
    assert f == pytest.approx(1.5 * h + 0.25)
    assert grads["w1"] == pytest.approx(1.5 * (1 - h * h) * 2)
    assert grads["b2"] == 1


def test_x_times_x_is_one_node_fed_twice():
    f, grads = computed("square")
    assert f == 9 and grads == {"x": 6}


def test_presets_have_distinct_names_and_an_unknown_one_is_refused():
    assert len({p.name for p in PRESETS}) == len(PRESETS) == 5
    with pytest.raises(BpvizError, match="unknown preset 'nope'; the presets are lecture, "):
        preset("nope")
