"""One class per operation: forward, local derivative as data, and how it reads on screen."""

from bpviz.engine.ops.activations import Activation, HardTanh, LeakyRelu, Relu, Sigmoid, Tanh
from bpviz.engine.ops.arithmetic import Add, Div, Mul, Neg, Pow, Sub
from bpviz.engine.ops.base import Op, operand
from bpviz.engine.ops.linear import Affine, MatMul, Sum
from bpviz.engine.ops.logarithms import LogSigmoid, LogSumExp
from bpviz.engine.ops.losses import (
    BatchLoss, MaxMargin, MulticlassHinge, SoftmaxCrossEntropy, SquaredError, softmax,
)
from bpviz.engine.ops.minmax import Maximum, Minimum, Route
from bpviz.engine.ops.registry import op_class, register, registered
from bpviz.engine.ops.structure import Concat, Lookup, Reshape, Rows, Transpose
from bpviz.engine.ops.table_row import TableRow
from bpviz.engine.ops.unary import Abs, Exp, Log, Sqrt

__all__ = [
    "Abs", "Activation", "Add", "Affine", "BatchLoss", "Concat", "Div", "Exp", "HardTanh",
    "LeakyRelu", "Log", "LogSigmoid", "LogSumExp", "Lookup", "MatMul", "MaxMargin", "Maximum",
    "Minimum", "Mul",
    "MulticlassHinge", "Neg", "Op", "Pow", "Relu", "Reshape", "Route", "Rows", "Sigmoid",
    "SoftmaxCrossEntropy", "Sqrt", "SquaredError", "Sub", "Sum", "TableRow", "Tanh", "Transpose",
    "op_class", "operand", "register", "registered", "softmax",
]
