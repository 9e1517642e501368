"""PyTorch eager versions of the workloads, used only when PyTorch happens to be installed
(it is never a dependency). Each returns None, with a note, when it cannot run."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

import numpy as np


def _torch(notes: list[str]):
    try:
        torch = importlib.import_module("torch")
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def version() -> str | None:
    """PyTorch's version, or None when it is not installed."""
    try:
        return importlib.import_module("torch").__version__
    except ImportError:
        return None


def mlp_step(params: Mapping[str, np.ndarray], X: np.ndarray, y: np.ndarray, lr: float,
             notes: list[str]) -> Callable[[], object] | None:
    """One Adam step of the W1 MLP in PyTorch eager mode."""
    torch = _torch(notes)
    if torch is None:
        return None
    try:
        tensors = [torch.tensor(params[name], dtype=torch.float64, requires_grad=True)
                   for name in params]
        optimizer = torch.optim.Adam(tensors, lr=lr)
        inputs = torch.tensor(X, dtype=torch.float64)
        targets = torch.tensor(y, dtype=torch.long)
        pairs = list(zip(tensors[0::2], tensors[1::2]))

        def step() -> None:
            optimizer.zero_grad(set_to_none=True)
            h = inputs
            for layer, (W, b) in enumerate(pairs):
                h = torch.nn.functional.linear(h, W, b)
                if layer < len(pairs) - 1:
                    h = torch.tanh(h)
            torch.nn.functional.cross_entropy(h, targets).backward()
            optimizer.step()
        step()
        return step
    except Exception as error:  # noqa: BLE001 - a comparison, never a reason to fail
        notes.append(f"torch failed: {type(error).__name__}: {error}")
        return None
