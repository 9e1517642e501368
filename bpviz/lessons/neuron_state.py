"""What the neuron view shows at one position of a trace: each layer's unit values, each
weight matrix's edges (its weights, or ∂J/∂W once known) and the active step's units.

Everything is read from the trace and its picture; nothing is recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from bpviz import formatting
from bpviz.engine import Picture, Trace
from bpviz.lessons.neurons import INPUT, Connection, Highlight, Layer, Network, step_highlight


@dataclass(frozen=True)
class LayerState:
    """One value per unit (None before the layer is computed) and the diverging scale's end."""

    values: np.ndarray | None
    node: int | None  # the node whose value fills the units: h, or z until h is known
    scale: float      # the largest |value| in the layer


@dataclass(frozen=True)
class ConnectionState:
    """What a connection's edges show, as a (target, source) matrix, and how strongly each."""

    values: np.ndarray     # the weights, or ∂J/∂weights once the backward pass reached them
    strengths: np.ndarray  # |values| / the largest |value| of the matrix, in [0, 1]
    gradient: bool
    label: str             # "W" or "∂J/∂W"


@dataclass(frozen=True)
class NeuronState:
    """The whole network at one position: layers, connections and the active step's units."""

    layers: tuple[LayerState, ...]
    connections: tuple[ConnectionState, ...]
    active: Highlight
    phase: str  # "start", "forward" or "backward": the last step's phase

    @property
    def edges_text(self) -> str:
        """The mode indicator: `edges: W, u`, then `edges: ∂J/∂W, ∂J/∂u` on the way back."""
        return "edges: " + ", ".join(connection.label for connection in self.connections)


def number(value: float) -> str:
    """A value as the tooltips print it: 7 significant digits, `−0.00123`."""
    return formatting.number(value, 7)


def gradient_name(trace: Trace, network: Network, node_id: int) -> str:
    """`∂J/∂W`: the output's label over the node's."""
    return f"∂{trace.node(network.output).label}/∂{trace.node(node_id).label}"


def neuron_state(network: Network, trace: Trace, picture: Picture) -> NeuronState:
    """The network's units, edges and active units after the picture's steps."""
    return NeuronState(
        tuple(_layer_state(network, layer, picture) for layer in network.layers),
        tuple(_connection_state(network, connection, trace, picture)
              for connection in network.connections),
        step_highlight(network, trace, picture.step),
        picture.phase)


def _layer_state(network: Network, layer: Layer, picture: Picture) -> LayerState:
    if layer.role == INPUT:
        # The words are leaves, known from the start, before x is even concatenated.
        values = np.concatenate([np.ravel(picture.values[group.node]) for group in network.groups])
        return LayerState(values, layer.node, _largest(values))
    for node in (layer.node, layer.pre):
        if node is not None and node in picture.values:
            values = np.ravel(picture.values[node])
            return LayerState(values, node, _largest(values))
    return LayerState(None, None, 0.0)


def _connection_state(network: Network, connection: Connection, trace: Trace,
                      picture: Picture) -> ConnectionState:
    gradient = connection.node in picture.grads
    shown = picture.grads[connection.node] if gradient else picture.values[connection.node]
    values = np.reshape(shown, connection.shape)
    largest = _largest(values)
    strengths = np.abs(values) / largest if largest > 0 else np.zeros(connection.shape)
    label = (gradient_name(trace, network, connection.node) if gradient
             else trace.node(connection.node).label)
    return ConnectionState(values, strengths, gradient, label)


def _largest(values: np.ndarray) -> float:
    return float(np.max(np.abs(values))) if values.size else 0.0


def unit_text(network: Network, trace: Trace, picture: Picture, layer: int, unit: int) -> str:
    """A unit's exact value(s) and gradient(s) with its index:
    `h[3] = … · z[3] = … · ∂J/∂h[3] = …`."""
    info = network.layers[layer]
    nodes = [node for node in (info.node, info.pre) if node is not None]
    if info.role == INPUT:
        # x[8] is the word's own entry, known before x is concatenated.
        group = next(group for group in network.groups if unit in group.units)
        word_value = np.ravel(picture.values[group.node])[unit - group.start]
        parts = [f"{_indexed(trace, info.node, unit, trace.node(info.node).label)} = "
                 f"{group.word}[{unit - group.start}] = {number(word_value)}"]
    else:
        suffix = f" ({info.names[unit]})" if info.names else ""
        parts = [_element(trace, picture.values, node, unit, trace.node(node).label, suffix)
                 for node in nodes]
    parts += [_element(trace, picture.grads, node, unit, gradient_name(trace, network, node))
              for node in nodes if node in picture.grads]
    return " · ".join(parts)


def _indexed(trace: Trace, node: int, unit: int, name: str) -> str:
    """`h[3]`, or just `s` for a scalar."""
    return name if trace.node(node).shape == () else f"{name}[{unit}]"


def _element(trace: Trace, known: Mapping[int, np.ndarray], node: int, unit: int, name: str,
             suffix: str = "") -> str:
    """`h[3] = 0.25`, `f[1] (LOC) = 2.1`, `s = 1.5` for a scalar, or `h[3] not computed yet`."""
    indexed = _indexed(trace, node, unit, name) + suffix
    if node not in known:
        return f"{indexed} not computed yet"
    return f"{indexed} = {number(np.ravel(known[node])[unit])}"


def edge_text(network: Network, trace: Trace, picture: Picture, index: int,
              row: int, col: int) -> str:
    """An edge's weight and gradient: `W[3, 17] = 0.1234567 · ∂J/∂W[3, 17] = -0.00123`."""
    connection = network.connections[index]
    at = (col,) if connection.vector else (row, col)
    where = ", ".join(str(i) for i in at)
    label = trace.node(connection.node).label
    parts = [f"{label}[{where}] = {number(picture.values[connection.node][at])}"]
    if connection.node in picture.grads:
        name = gradient_name(trace, network, connection.node)
        parts.append(f"{name}[{where}] = {number(picture.grads[connection.node][at])}")
    return " · ".join(parts)
