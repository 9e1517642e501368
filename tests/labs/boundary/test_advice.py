"""The lab's message when training diverged: the model, step and node, where both models
are now, and what to try under the settings in use."""

import pytest

from bpviz.errors import BpvizError
from bpviz.labs.boundary.advice import stop_message
from bpviz.labs.boundary.lockstep import model_divergence
from bpviz.labs.boundary.session import PANEL_TITLES
from bpviz.labs.boundary.settings import TrainSpec
from bpviz.training.divergence import DivergenceError


def lab_error(panel: str, step: int = 1234) -> DivergenceError:
    """A DivergenceError as the lab's session raises it."""
    return model_divergence(step, "the value of node 'z2' is not finite (inf)", "z2", step - 1,
                            panel, PANEL_TITLES[panel])


def test_it_names_model_step_node_and_where_both_models_are():
    message = stop_message(lab_error("mlp"), TrainSpec(optimizer="sgd", lr=10.0))
    assert message.startswith("The neural net diverged at step 1,234: the value of node 'z2' "
                              "is not finite (inf). Training stopped; both models are back at "
                              "step 1,233, their last finite step (softmax regression was "
                              "still finite and keeps its training; the two stay in step). Try")


def test_the_softmax_side_is_named_when_it_diverged():
    message = stop_message(lab_error("softmax", step=3), TrainSpec(optimizer="sgd", lr=10.0))
    assert message.startswith("Softmax regression diverged at step 3:")
    assert "the neural net was still finite" in message


@pytest.mark.parametrize("train, advice", [
    (TrainSpec(optimizer="sgd", lr=10.0),
     "Try a smaller learning rate than 10 (e.g. 1) or another optimiser (Adam or RMSprop "
     "scale each step to the gradient's size)."),
    (TrainSpec(optimizer="adam", lr=0.03),
     "Try a smaller learning rate than 0.03 (e.g. 0.003) or another optimiser (SGD with a "
     "small learning rate)."),
    (TrainSpec(optimizer="momentum", lr=1e-5, l2=10.0),
     "Try a smaller learning rate than 1e-05, another optimiser (Adam or RMSprop scale each "
     "step to the gradient's size) or a smaller λ than 10."),
])
def test_what_to_try_depends_on_the_settings(train, advice):
    assert stop_message(lab_error("mlp"), train).endswith(advice)


def test_other_problems_say_what_they_say():
    assert stop_message(BpvizError("no training points"), TrainSpec()) == "no training points"
    plain = DivergenceError(7, "W1 became NaN")
    assert stop_message(plain, TrainSpec()) == str(plain)
