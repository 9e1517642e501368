"""The window lessons' networks unit by unit: the layers of scalar units, the weight
matrices between them, and which circuit node each unit or edge belongs to (and back).

Read from what the model published with its trace (`Naming.windows`): each window's input
x and its layers W x (+ b), f, in order; nothing is guessed from labels or graph shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bpviz.engine import Trace, WindowSpec
from bpviz.engine.trace import BACKWARD, Step
from bpviz.lessons.model_lessons import WindowClassifierLesson

INPUT, HIDDEN, OUTPUT = "input", "hidden", "output"
TRUE_WINDOW, CORRUPT_WINDOW = "true", "corrupt"  # the window names the scorer publishes

UnitKey = tuple[int, int]  # (layer index, unit index)


@dataclass(frozen=True)
class WordGroup:
    """The d input units [start, start + size) that hold one word's vector."""

    word: str
    node: int
    start: int
    size: int

    @property
    def units(self) -> range:
        return range(self.start, self.start + self.size)


@dataclass(frozen=True)
class Layer:
    """A column of units showing node `node`'s value (h, or z when f is linear).

    `pre` is z when the layer applies an activation (h = f(z)), `bias` the b added to
    its product; `names` names each unit (class names), or is empty.
    """

    role: str
    node: int
    size: int
    pre: int | None = None
    bias: int | None = None
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Connection:
    """Weight variable `node` (W, or the vector u) from layer `source` to layer `target`.

    `product` is the matmul node (Wx); `shape` is (target units, source units), so edge
    (i, j) is W[i, j], or u[j] when `vector` is set.
    """

    node: int
    product: int
    source: int
    target: int
    shape: tuple[int, int]
    vector: bool = False

    @property
    def edge_count(self) -> int:
        return self.shape[0] * self.shape[1]


@dataclass(frozen=True)
class Network:
    """One window's units and weights: input layer first, then each layer it feeds."""

    window: str
    layers: tuple[Layer, ...]
    connections: tuple[Connection, ...]
    groups: tuple[WordGroup, ...]
    output: int  # the trace's output (J): gradients read ∂J/∂…
    score: int | None = None  # the score s this window ends in, if the objective has scores

    @property
    def edge_count(self) -> int:
        return sum(connection.edge_count for connection in self.connections)

    @property
    def unit_count(self) -> int:
        return sum(layer.size for layer in self.layers)


@dataclass(frozen=True)
class Highlight:
    """Units (layer, unit) and whole connections (by index) that stand for a node."""

    units: frozenset[UnitKey] = frozenset()
    connections: frozenset[int] = frozenset()

    def __or__(self, other: Highlight) -> Highlight:
        return Highlight(self.units | other.units, self.connections | other.connections)

    def __bool__(self) -> bool:
        return bool(self.units or self.connections)


@dataclass(frozen=True)
class NeuronStructure:
    """Every window's network of a lesson: the scorer has "true" and "corrupt", a classifier one."""

    networks: tuple[Network, ...]

    @property
    def windows(self) -> tuple[str, ...]:
        return tuple(network.window for network in self.networks)

    def network(self, window: str) -> Network:
        """The network of `window` ("true" or "corrupt")."""
        for network in self.networks:
            if network.window == window:
                return network
        raise KeyError(f"no {window} window; there are {', '.join(self.windows)}")


def output_names(lesson: object) -> tuple[str, ...]:
    """Names for the output units: the classifier's classes (PER, LOC, …), else none."""
    if isinstance(lesson, WindowClassifierLesson):
        return tuple(lesson.model.config.classes)
    return ()


def neuron_structure(trace: Trace, names: tuple[str, ...] = ()) -> NeuronStructure | None:
    """The networks the model published with its trace (`Naming.windows`); None when it
    published none (an expression). `names` label the last layer's units when they fit."""
    networks = tuple(_network(trace, window, names) for window in trace.naming.windows)
    networks = tuple(network for network in networks if network.connections)
    return NeuronStructure(networks) if networks else None


def _network(trace: Trace, window: WindowSpec, names: tuple[str, ...]) -> Network:
    groups, start = [], 0
    for parent in trace.node(window.input).parents:
        info = trace.node(parent)
        groups.append(WordGroup(info.label, parent, start, info.shape[0]))
        start += info.shape[0]
    layers = [Layer(INPUT, window.input, start)]
    connections = []
    for spec in window.layers:
        weights = trace.node(spec.weight)
        size = weights.shape[0] if len(weights.shape) == 2 else 1
        connections.append(Connection(spec.weight, spec.product, len(layers) - 1, len(layers),
                                      (size, layers[-1].size), len(weights.shape) == 1))
        layers.append(Layer(HIDDEN, spec.node, size, pre=spec.pre, bias=spec.bias))
    if len(layers) > 1:
        last = layers[-1]
        role_names = names if len(names) == last.size else ()
        layers[-1] = Layer(OUTPUT, last.node, last.size, last.pre, last.bias, role_names)
    return Network(window.name, tuple(layers), tuple(connections), tuple(groups), trace.output,
                   window.score)


def highlight(network: Network, node_id: int | None) -> Highlight:
    """The units and connections that stand for circuit node `node_id` in this network."""
    if node_id is None:
        return Highlight()
    units: set[UnitKey] = set()
    connections: set[int] = set()
    for group in network.groups:
        if group.node == node_id:
            units.update((0, unit) for unit in group.units)
    for index, layer in enumerate(network.layers):
        if node_id in (layer.node, layer.pre, layer.bias):
            units.update((index, unit) for unit in range(layer.size))
    for index, connection in enumerate(network.connections):
        if node_id == connection.node:
            connections.add(index)
        elif node_id == connection.product:
            # Wx on its own: the weights at work and the units they feed. (When the product
            # is the layer itself, as s = uᵀh, it is that layer's unit, found above.)
            target = network.layers[connection.target]
            if node_id not in (target.node, target.pre):
                connections.add(index)
                units.update((connection.target, unit) for unit in range(target.size))
    return Highlight(frozenset(units), frozenset(connections))


def step_highlight(network: Network, trace: Trace, step: Step | None) -> Highlight:
    """What a step works on: its node; on the way back also the variables it sends gradient to."""
    if step is None:
        return Highlight()
    shown = highlight(network, step.node)
    if step.phase == BACKWARD:
        for contribution in step.contributions:
            if trace.node(contribution.to).kind == "variable":
                shown = shown | highlight(network, contribution.to)
    return shown


def step_windows(structure: NeuronStructure, trace: Trace, step: Step | None) -> tuple[str, ...]:
    """The windows whose units a step works on: ("corrupt",) while it computes h_c."""
    return tuple(network.window for network in structure.networks
                 if step_highlight(network, trace, step))


def node_of_unit(network: Network, layer: int, unit: int) -> int:
    """The circuit node a unit belongs to: an input unit's word, else its layer's node (h, s)."""
    if network.layers[layer].role == INPUT:
        return next(group.node for group in network.groups if unit in group.units)
    return network.layers[layer].node


def node_of_connection(network: Network, index: int) -> int:
    """The weight variable (W or u) whose entries connection `index` draws."""
    return network.connections[index].node


def window_for(structure: NeuronStructure, node_id: int | None, current: str) -> str:
    """The window to show for a selected node: the current one if the node is in it."""
    order: Iterable[str] = (current, *structure.windows)
    for window in order:
        if highlight(structure.network(window), node_id):
            return window
    return current
