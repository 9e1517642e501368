"""The non-linearities f of h = f(z), by name."""

from __future__ import annotations

from collections.abc import Callable

from bpviz.engine import Node, hard_tanh, leaky_relu, ops, relu, sigmoid, tanh
from bpviz.training.choices import choose


def linear(z: Node, label: str | None = None) -> Node:
    """f(z) = z: no non-linearity, so stacked layers collapse into one linear map."""
    return z


ACTIVATIONS: dict[str, Callable[..., Node]] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "hard_tanh": hard_tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,  # slope 0.01, as in the lecture
    "linear": linear,
}


# What every menu and plot calls each activation: the op's own title, in one place.
ACTIVATION_TITLES: dict[str, str] = {
    "sigmoid": ops.Sigmoid.title,
    "tanh": ops.Tanh.title,
    "hard_tanh": ops.HardTanh.title,
    "relu": ops.Relu.title,
    "leaky_relu": ops.LeakyRelu.title,
    "linear": "linear (none)",
}


def activation(name: str) -> Callable[..., Node]:
    """The activation called `name`; a clear error lists the choices."""
    return choose("activation", name, ACTIVATIONS)
