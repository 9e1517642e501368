"""What the lab's choices are called on screen."""

from __future__ import annotations

from bpviz.models.activations import ACTIVATION_TITLES

KIND_NAMES = {"xor": "XOR", "circles": "Circles", "gauss": "Gaussian blobs",
              "spiral": "Spiral", "moons": "Moons"}
ACTIVATION_NAMES = ACTIVATION_TITLES  # one registry: bpviz.models.activations
INIT_NAMES = {"xavier": "Xavier uniform", "xavier_normal": "Xavier normal",
              "small": "Small random (σ 0.01)"}
LOSS_NAMES = {"softmax": "Cross-entropy", "margin": "Max-margin",
              "squared": "Squared error"}
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "Momentum", "adagrad": "Adagrad",
                   "rmsprop": "RMSprop", "adam": "Adam"}
REGULARISATION_NAMES = {"none": "None", "l1": "L1", "l2": "L2"}
LAMBDA_LADDER = (1e-5, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def number_names(values: tuple[float, ...]) -> dict[float, str]:
    """Ladder values as people write them: 0.00001 as 1e-05, 0.03 as 0.03."""
    return {value: f"{value:g}" for value in values}
