"""NumPy's floating-point warnings off for a stretch of code, for less than np.errstate.

NumPy ≥ 2 keeps its error state in a context variable: setting it to a state made once
skips np.errstate's Python layers (a few µs, a few percent of a small training step).
Callers look for NaN and ±inf themselves and say where, once.
"""

from __future__ import annotations

import numpy as np

try:
    from numpy._core._ufunc_config import _extobj_contextvar, _make_extobj
    _IGNORE_ERRORS = _make_extobj(all="ignore")
    # The same state again, told apart by identity: set by `guard`.
    GUARDED = _make_extobj(all="ignore")
    current = _extobj_contextvar.get  # the state now: compare it with GUARDED (a C call)
except (ImportError, TypeError):  # another NumPy: np.seterr, as slow as np.errstate
    _extobj_contextvar = None
    GUARDED = object()

    def current() -> object:
        return None


def silence() -> object:
    """Turn the warnings off; the token to give `restore` afterwards (in a `finally`)."""
    if _extobj_contextvar is None:
        return np.seterr(all="ignore")
    state = _extobj_contextvar.get()
    if state is _IGNORE_ERRORS or state is GUARDED:
        return None  # already off (a plan run inside a guarded training step): nothing to undo
    return _extobj_contextvar.set(_IGNORE_ERRORS)


def guard() -> object:
    """`silence`, and a promise to the plans run until `restore`: the caller checks what
    they produce (the loss, and the parameters and optimiser state their gradients move)
    and, where something is not finite, reruns them unguarded to name the node; so they
    skip their own check (`current() is GUARDED` inside)."""
    if _extobj_contextvar is None:
        return np.seterr(all="ignore")
    return _extobj_contextvar.set(GUARDED)


def restore(token: object) -> None:
    """The warnings as they were before `silence` gave `token`."""
    if _extobj_contextvar is None:
        np.seterr(**token)
    elif token is not None:
        _extobj_contextvar.reset(token)
