"""bpviz: see backpropagation happen, one step at a time."""

__version__ = "0.1.0"
