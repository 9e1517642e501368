"""The window lessons' networks unit by unit: the layers of scalar units, the weight
matrices between them, and which circuit node each unit or edge belongs to (and back).

Read from a Trace's nodes alone: a window is a concat of word variables, and each layer
after it is a matmul by a weight variable, then optionally + a bias and an activation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bpviz.engine import NodeInfo, Trace, ops
from bpviz.engine.trace import BACKWARD, Step
from bpviz.lessons.model_lessons import WindowClassifierLesson

INPUT, HIDDEN, OUTPUT = "input", "hidden", "output"
TRUE_WINDOW, CORRUPT_WINDOW = "true", "corrupt"
# The scorer's graph builds the true window first, then the corrupt one.
WINDOW_ORDER = (TRUE_WINDOW, CORRUPT_WINDOW)

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
    """The networks of a window lesson's trace; None when it has no dense layer (an expression).

    `names` label the last layer's units when there are as many of them.
    """
    children = _children(trace)
    windows = [info.id for info in trace.nodes if _is_window(trace, info.id)]
    networks = [_network(trace, children, window, name, names)
                for window, name in zip(windows, WINDOW_ORDER)]
    networks = [network for network in networks if network.connections]
    return NeuronStructure(tuple(networks)) if networks else None


def _children(trace: Trace) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {info.id: [] for info in trace.nodes}
    for info in trace.nodes:
        for parent in info.parents:
            children[parent].append(info.id)
    return children


def _is_window(trace: Trace, node_id: int) -> bool:
    """A concat of word-vector variables: x = [x_museums; x_in; …]."""
    info = trace.node(node_id)
    parents = [trace.node(parent) for parent in info.parents]
    return (info.is_op(ops.Concat) and bool(parents)
            and all(p.kind == "variable" and len(p.shape) == 1 for p in parents))


def _is_activation(info: NodeInfo) -> bool:
    """h = f(z): an op that declares itself an activation."""
    return info.op_class is not None and info.op_class.activation


def _network(trace: Trace, children: dict[int, list[int]], window: int, name: str,
             names: tuple[str, ...]) -> Network:
    groups, start = [], 0
    for parent in trace.node(window).parents:
        info = trace.node(parent)
        groups.append(WordGroup(info.label, parent, start, info.shape[0]))
        start += info.shape[0]
    layers = [Layer(INPUT, window, start)]
    connections = []
    while (found := _next_layer(trace, children, layers[-1].node)) is not None:
        connection, layer = found
        connections.append(Connection(connection.node, connection.product, len(layers) - 1,
                                      len(layers), (layer.size, layers[-1].size),
                                      connection.vector))
        layers.append(layer)
    if len(layers) > 1:
        last = layers[-1]
        role_names = names if len(names) == last.size else ()
        layers[-1] = Layer(OUTPUT, last.node, last.size, last.pre, last.bias, role_names)
    return Network(name, tuple(layers), tuple(connections), tuple(groups), trace.output)


def _next_layer(trace: Trace, children: dict[int, list[int]], node_id: int
                ) -> tuple[Connection, Layer] | None:
    """The layer `node_id` feeds through a weight variable: W node, then + b, then f."""
    for child in children[node_id]:
        info = trace.node(child)
        if not info.is_op(ops.MatMul) or info.parents[-1] != node_id:
            continue
        weights = trace.node(info.parents[0])
        if weights.kind != "variable" or len(weights.shape) not in (1, 2):
            continue
        size = weights.shape[0] if len(weights.shape) == 2 else 1
        connection = Connection(weights.id, child, 0, 0, (0, 0), len(weights.shape) == 1)
        top, bias = child, None
        for added in children[child]:
            other = [p for p in trace.node(added).parents if p != child]
            if trace.node(added).is_op(ops.Add) and other and \
                    trace.node(other[0]).kind == "variable":
                top, bias = added, other[0]
                break
        activated = [c for c in children[top] if _is_activation(trace.node(c))]
        if activated:
            return connection, Layer(HIDDEN, activated[0], size, pre=top, bias=bias)
        return connection, Layer(HIDDEN, top, size, bias=bias)
    return None


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
