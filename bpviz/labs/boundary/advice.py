"""What the lab tells a student when training diverged: which model, at which step and node,
where both models are now, and what to try next."""

from __future__ import annotations

from bpviz.errors import BpvizError
from bpviz.labs.boundary.settings import LR_LADDER, TrainSpec
from bpviz.training.divergence import DivergenceError

PANEL_NAMES = {"softmax": "softmax regression", "mlp": "the neural net"}
SCALING_OPTIMIZERS = ("adagrad", "rmsprop", "adam")  # each step scaled to the gradient's size


def stop_message(problem: BpvizError, train: TrainSpec) -> str:
    """The lab's message for training that stopped with `problem` under the settings `train`:
    a lab DivergenceError (with `.panel`) in full, anything else as it says itself."""
    panel = getattr(problem, "panel", None)
    if not isinstance(problem, DivergenceError) or panel not in PANEL_NAMES:
        return str(problem)
    model = PANEL_NAMES[panel]
    other = PANEL_NAMES["mlp" if panel == "softmax" else "softmax"]
    detail = getattr(problem, "detail", problem.what)
    return (f"{_capital(model)} diverged at step {problem.step:,}: {detail}. "
            f"Training stopped; both models are back at step {problem.restored_to:,}, their "
            f"last finite step ({other} was still finite and keeps its training; the two "
            f"stay in step). {_what_to_try(train)}")


def _what_to_try(train: TrainSpec) -> str:
    smaller = [rate for rate in LR_LADDER if rate <= train.lr / 10]
    rate = (f"a smaller learning rate than {train.lr:g} (e.g. {smaller[-1]:g})" if smaller
            else f"a smaller learning rate than {train.lr:g}")
    if train.optimizer in SCALING_OPTIMIZERS:
        optimiser = "another optimiser (SGD with a small learning rate)"
    else:
        optimiser = "another optimiser (Adam or RMSprop scale each step to the gradient's size)"
    tries = [rate, optimiser]
    strength = max(train.l1, train.l2)
    if strength >= 1:
        tries.append(f"a smaller λ than {strength:g}")
    return f"Try {', '.join(tries[:-1])} or {tries[-1]}."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
