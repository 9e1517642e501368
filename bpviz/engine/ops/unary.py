"""Element-wise functions: exp, log, sqrt, |·|."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import Op


class Exp(Op):
    """eᶻ;  ∂/∂z = eᶻ."""

    name = "exp"
    templates = ("∂exp({0})/∂{0} = exp({0})",)

    def forward(self, z):
        return np.exp(z)

    def vjp(self, index, upstream, inputs, output):
        return upstream * output


class Log(Op):
    """ln z;  ∂/∂z = 1/z."""

    name = "log"
    templates = ("∂log({0})/∂{0} = 1/{0}",)

    def forward(self, z):
        return np.log(z)

    def vjp(self, index, upstream, inputs, output):
        return upstream / inputs[0]


class Sqrt(Op):
    """√z;  ∂/∂z = 1/(2√z)."""

    name = "sqrt"
    templates = ("∂sqrt({0})/∂{0} = 1/(2·sqrt({0}))",)

    def forward(self, z):
        return np.sqrt(z)

    def vjp(self, index, upstream, inputs, output):
        return upstream / (2.0 * output)


class Abs(Op):
    """|z|;  ∂/∂z = sign(z) (0 at the kink z = 0)."""

    name = "abs"
    templates = ("∂|{0}|/∂{0} = sign({0})",)

    def forward(self, z):
        return np.abs(z)

    def vjp(self, index, upstream, inputs, output):
        return upstream * np.sign(inputs[0])

    def branches(self, z):
        return np.sign(z)
