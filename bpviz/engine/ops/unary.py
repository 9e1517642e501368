"""Element-wise functions: exp, log, sqrt, |·|."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import NOISY, QUIET, Op
from bpviz.engine.ops.registry import register


@register
class Exp(Op):
    """eᶻ;  ∂/∂z = eᶻ."""

    name = "exp"
    pattern = "exp({0})"
    local_names = ("exp({0})",)
    on_floats = NOISY

    def forward(self, z):
        return np.exp(z)

    def factor(self, index, inputs, output):
        return output


@register
class Log(Op):
    """ln z;  ∂/∂z = 1/z."""

    name = "log"
    pattern = "log({0})"
    local_names = ("1/{0}",)
    on_floats = NOISY

    def forward(self, z):
        return np.log(z)

    def factor(self, index, inputs, output):
        return 1.0 / inputs[0]


@register
class Sqrt(Op):
    """√z;  ∂/∂z = 1/(2√z)."""

    name = "sqrt"
    pattern = "sqrt({0})"
    local_names = ("1/(2·sqrt({0}))",)
    on_floats = NOISY

    def forward(self, z):
        return np.sqrt(z)

    def factor(self, index, inputs, output):
        return 1.0 / (2.0 * output)


@register
class Abs(Op):
    """|z|;  ∂/∂z = sign(z) (0 at the kink z = 0)."""

    name = "abs"
    pattern = "|{0}|"
    local_names = ("sign({0})",)
    on_floats = QUIET

    def forward(self, z):
        return np.abs(z)

    def factor(self, index, inputs, output):
        return np.sign(inputs[0])

    def branches(self, z):
        return np.sign(z)
