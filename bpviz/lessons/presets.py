"""The lecture's circuits as presets of the expression lesson: a formula, its values and a
title, as data the app lists and `bpviz practice --preset NAME` opens."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bpviz.errors import BpvizError


@dataclass(frozen=True)
class Preset:
    """A formula at given values; `known` holds answers the lecture states (f and ∂f/∂v)."""

    name: str       # how the command line names it: `--preset lecture`
    title: str
    formula: str
    values: Mapping[str, float]
    note: str = ""  # what it shows, in one sentence
    known: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


def _frozen(mapping: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(mapping))


PRESETS: tuple[Preset, ...] = (
    Preset("lecture", "(x+y)·max(y,z)", "(x+y)*max(y,z)", _frozen({"x": 1, "y": 2, "z": 0}),
           "+ distributes, max routes, × swaps, and y's two gradients add up",
           _frozen({"f": 6, "x": 2, "y": 5, "z": 0})),
    Preset("cs231n", "(x+y)·z", "(x+y)*z", _frozen({"x": -2, "y": 5, "z": -4}),
           "CS231n's first circuit: q = x + y, f = q z",
           _frozen({"f": -12, "x": -4, "y": -4, "z": 3})),
    Preset("square", "x·x", "x*x", _frozen({"x": 3}),
           "one node fed twice: both of ×'s gradients go to x and add up",
           _frozen({"f": 9, "x": 6})),
    Preset("neuron", "Sigmoid neuron σ(w₀x₀ + w₁x₁ + w₂)", "sigmoid(w0*x0+w1*x1+w2)",
           _frozen({"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}),
           "a neuron with two inputs and a bias; σ′(z) = σ(z)(1 − σ(z))"),
    Preset("two-layer", "Two-layer scalar net w₂·tanh(w₁x + b₁) + b₂",
           "w2*tanh(w1*x+b1)+b2",
           _frozen({"x": 2, "w1": 0.5, "b1": -0.5, "w2": 1.5, "b2": 0.25}),
           "a hidden tanh unit and a linear output: the chain rule through two layers"),
)


def preset(name: str) -> Preset:
    """The preset called `name`; BpvizError listing the names if there is none."""
    for candidate in PRESETS:
        if candidate.name == name:
            return candidate
    raise BpvizError(f"unknown preset {name!r}; the presets are "
                     f"{', '.join(p.name for p in PRESETS)}")
