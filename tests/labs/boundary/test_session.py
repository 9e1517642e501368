"""The lab session: lockstep training equal to the headless trainer, settings mid-run,
reset and reseed, the grid's values, divergence, and every built-in data set."""

import math

import numpy as np
import pytest

from bpviz.data.dataset import Dataset, split
from bpviz.engine import NonFiniteError
from bpviz.labs.boundary import (
    PANELS, DataSpec, LabSession, NetSpec, TrainSpec, add_point, clear_points, lab_rng,
    make_dataset,
)
from bpviz.labs.boundary.settings import KINDS, MAX_BATCH
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.training.choices import SettingError
from bpviz.training.divergence import DivergenceError
from bpviz.training.trainer import Trainer, TrainSettings


def headless_trainer(dataset, panel, seed=0, net=NetSpec(), train=TrainSpec()):
    """The CLI's way to train one model (Classifier + Trainer), from the lab's seeded streams."""
    parts = split(dataset, 0.5, lab_rng(seed, "split"))
    hidden = () if panel == "softmax" else net.hidden
    config = ClassifierConfig(hidden=hidden, activation=net.activation, loss=train.loss,
                              l1=train.l1, l2=train.l2, init=net.init)
    model = Classifier(2, dataset.num_classes, config, lab_rng(seed, f"init {panel}"))
    settings = TrainSettings(optimizer=train.optimizer, lr=train.lr, batch_size=train.batch_size)
    return Trainer(model, (parts.train.X, parts.train.y), (parts.test.X, parts.test.y), settings,
                   lab_rng(seed, "batch order"))


def params_of(session):
    return {panel: {name: value.copy() for name, value in model.params.items()}
            for panel, model in session.models.items()}


def assert_same_params(first, second):
    assert first.keys() == second.keys()
    for name in first:
        np.testing.assert_array_equal(first[name], second[name])


def record_batches(session):
    """Make every model log the X of each batch it trains on."""
    seen = {panel: [] for panel in PANELS}
    for panel, model in session.models.items():
        train_step = model.train_step
        def logged(X, y, *rest, panel=panel, train_step=train_step):
            seen[panel].append(X.copy())
            return train_step(X, y, *rest)
        model.train_step = logged
    return seen


# -- lockstep and the headless trainer -----------------------------------------------------

def test_both_panels_train_on_the_same_batches_in_the_same_order(spiral):
    session = LabSession(spiral)
    seen = record_batches(session)
    session.step(20)  # past the first epoch's end (15 batches of 10)
    assert len(seen["softmax"]) == len(seen["mlp"]) == 20
    for softmax_batch, mlp_batch in zip(seen["softmax"], seen["mlp"]):
        np.testing.assert_array_equal(softmax_batch, mlp_batch)
    assert not np.array_equal(seen["softmax"][0], seen["softmax"][15])  # a fresh order


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("panel", PANELS)
def test_a_panel_equals_the_headless_trainer_bit_for_bit_and_so_do_its_accuracies(
        spiral, panel, seed):
    session = LabSession(spiral, seed=seed)
    trainer = headless_trainer(spiral, panel, seed)
    for _ in range(3):
        session.run_epoch()
        record = trainer.run_epoch()
    assert_same_params(session.models[panel].params, trainer.model.params)
    assert session.steps == record.steps == 45 and session.epoch == record.epoch == 3
    assert session.accuracy(panel, "train") == record.train_accuracy
    assert session.accuracy(panel, "test") == record.test_accuracy
    assert session.loss(panel, "test") == record.test_loss
    session.evaluate()
    curve = session.curve(panel)
    assert curve.test_accuracy[-1] == record.test_accuracy
    assert curve.train_loss[-1] == record.train_loss


def test_with_other_settings_too(spiral):
    net = NetSpec(hidden=(5, 4, 3), activation="relu", init="small")
    train = TrainSpec(loss="margin", optimizer="momentum", lr=0.1, l2=0.01, batch_size=0)
    session = LabSession(spiral, net, train, seed=3)
    trainers = {panel: headless_trainer(spiral, panel, 3, net, train) for panel in PANELS}
    for _ in range(5):
        session.step()
        for trainer in trainers.values():
            trainer.step()
    for panel in PANELS:
        assert_same_params(session.models[panel].params, trainers[panel].model.params)
    assert session.models["mlp"].sizes == (2, 5, 4, 3, 3)
    assert session.models["softmax"].sizes == (2, 3)


def test_the_split_and_the_panels_use_the_seed(spiral):
    session = LabSession(spiral, seed=2)
    parts = split(spiral, 0.5, lab_rng(2, "split"))
    np.testing.assert_array_equal(session.train_set.X, parts.train.X)
    np.testing.assert_array_equal(session.test_set.y, parts.test.y)
    assert len(session.train_set) == len(session.test_set) == 150


def test_the_defaults_show_the_lectures_point_on_the_spiral(spiral):
    # Softmax regression can only cut the plane with straight lines; after 30 epochs the
    # 2-8-8-3 tanh net is far ahead on unseen points (measured: 55 % against 95 %).
    session = LabSession(spiral)
    for _ in range(30):
        session.run_epoch()
    assert session.accuracy("softmax") < 0.65
    assert session.accuracy("mlp") >= 0.85
    assert session.accuracy("mlp") - session.accuracy("softmax") >= 0.25


# -- epochs, steps and curves --------------------------------------------------------------

def test_steps_count_minibatches_and_epochs_count_passes(spiral):
    session = LabSession(spiral)
    assert (session.steps, session.epoch) == (0, 0.0)
    session.step(3)
    assert session.steps == 3 and session.epoch == pytest.approx(30 / 150)
    session.run_epoch()
    assert session.steps == 15 and session.epoch == 1.0
    session.run_epoch()
    assert session.steps == 30 and session.epoch == 2.0


def test_step_does_not_evaluate_and_evaluate_appends_both_panels(spiral):
    session = LabSession(spiral)
    session.step(5)
    assert all(len(session.curve(panel).steps) == 0 for panel in PANELS)
    session.evaluate()
    session.step(5)
    session.evaluate()
    for panel in PANELS:
        curve = session.curve(panel)
        np.testing.assert_array_equal(curve.steps, [5, 10])
        np.testing.assert_allclose(curve.epochs, [5 / 15, 10 / 15])
        assert np.all((0 <= curve.test_accuracy) & (curve.test_accuracy <= 1))


def test_unknown_panels_and_parts_are_refused(spiral):
    session = LabSession(spiral)
    with pytest.raises(ValueError):
        session.grid("linear")
    with pytest.raises(ValueError):
        session.accuracy("mlp", "validation")


# -- reset, reseed, settings ---------------------------------------------------------------

def test_reset_returns_to_the_same_initial_weights_bit_for_bit(spiral):
    session = LabSession(spiral)
    initial = params_of(session)
    session.step(7)
    session.evaluate()
    after_seven = params_of(session)
    session.reset()
    for panel in PANELS:
        assert_same_params(session.models[panel].params, initial[panel])
        assert len(session.curve(panel).steps) == 0
    assert (session.steps, session.epoch) == (0, 0.0)
    session.step(7)  # the same batch order again
    for panel in PANELS:
        assert_same_params(session.models[panel].params, after_seven[panel])


def test_reseed_gives_a_new_split_and_new_weights_and_back_again(spiral):
    session = LabSession(spiral)
    first_train, first_params = session.train_set.X.copy(), params_of(session)
    session.reseed(1)
    assert session.seed == 1 and not np.array_equal(session.train_set.X, first_train)
    assert not np.array_equal(session.models["mlp"].params["W1"], first_params["mlp"]["W1"])
    session.reseed(0)
    np.testing.assert_array_equal(session.train_set.X, first_train)
    assert_same_params(session.models["mlp"].params, first_params["mlp"])


def test_a_new_learning_rate_applies_from_the_next_step(spiral):
    session = LabSession(spiral)
    trainers = {panel: headless_trainer(spiral, panel) for panel in PANELS}
    session.step(4)
    for trainer in trainers.values():
        for _ in range(4):
            trainer.step()
    before = params_of(session)
    faster = TrainSpec(lr=0.3)
    session.set_train(faster)
    for panel in PANELS:
        assert_same_params(session.models[panel].params, before[panel])  # nothing yet
        trainers[panel].set_settings(TrainSettings(lr=0.3, batch_size=10))
    session.step(4)
    for panel, trainer in trainers.items():
        for _ in range(4):
            trainer.step()
        assert_same_params(session.models[panel].params, trainer.model.params)
    assert session.train == faster and session.steps == 8


def test_a_new_loss_lambda_and_batch_size_apply_from_the_next_step(spiral):
    session = LabSession(spiral)
    session.step(2)
    before = params_of(session)
    session.set_train(TrainSpec(loss="squared", l1=0.01, batch_size=25))
    for panel, model in session.models.items():
        assert (model.config.loss, model.config.l1) == ("squared", 0.01)
        assert_same_params(model.params, before[panel])
    seen = record_batches(session)
    session.step()
    assert len(seen["softmax"][0]) == len(seen["mlp"][0]) == 25
    assert session.models["mlp"].config.hidden == (8, 8)  # the architecture stays


def test_a_new_architecture_resets_both_panels(spiral):
    session = LabSession(spiral)
    softmax_initial = params_of(session)["softmax"]
    session.step(5)
    session.evaluate()
    session.set_net(NetSpec(hidden=(16,), activation="relu"))
    assert session.steps == 0 and len(session.curve("mlp").steps) == 0
    assert session.models["mlp"].sizes == (2, 16, 3)
    assert session.models["mlp"].config.activation == "relu"
    assert_same_params(session.models["softmax"].params, softmax_initial)


def test_new_data_gives_a_new_split_and_models_with_its_classes(spiral):
    session = LabSession(spiral)
    session.step(3)
    blobs = make_dataset(DataSpec(kind="gauss", classes=5, points=100))
    session.set_dataset(blobs)
    assert session.dataset is blobs and session.steps == 0
    assert len(session.train_set) == 50
    assert all(model.sizes[-1] == 5 for model in session.models.values())
    assert session.grid("mlp").probabilities.shape == (200, 200, 5)


# -- the grid ------------------------------------------------------------------------------

@pytest.mark.parametrize("panel", PANELS)
def test_the_grid_is_200_by_200_and_holds_the_models_probabilities(spiral, panel):
    session = LabSession(spiral)
    session.step(30)
    picture = session.grid(panel)
    assert picture.probabilities.shape == (200, 200, 3)
    assert picture.probabilities.dtype == np.float32 and picture.argmax.shape == (200, 200)
    xmin, xmax, ymin, ymax = picture.extent
    assert picture.xs[0] > xmin and picture.xs[-1] < xmax and picture.ys[0] > ymin
    # Row r, column c is the point (xs[c], ys[r]): row 0 at the bottom (ymin).
    xx, yy = np.meshgrid(picture.xs, picture.ys)
    expected = session.models[panel].predict_proba(np.column_stack([xx.ravel(), yy.ravel()]))
    np.testing.assert_allclose(picture.probabilities.reshape(-1, 3), expected, atol=1e-5)
    np.testing.assert_array_equal(picture.argmax, picture.probabilities.argmax(axis=2))
    assert picture.probabilities[0, 0].sum() == pytest.approx(1, abs=1e-6)


def test_the_grid_covers_the_data_and_follows_training(spiral):
    session = LabSession(spiral)
    xmin, xmax, ymin, ymax = session.extent
    assert xmin <= -1 and xmax >= 1 and ymin <= -1 and ymax >= 1
    assert xmin < spiral.X[:, 0].min() and spiral.X[:, 1].max() < ymax
    before = session.grid("mlp").probabilities
    np.testing.assert_array_equal(session.grid("mlp").probabilities, before)
    session.step()
    assert not np.array_equal(session.grid("mlp").probabilities, before)


def test_the_grid_size_can_be_chosen(spiral):
    session = LabSession(spiral, grid_size=64)
    assert session.grid("softmax").probabilities.shape == (64, 64, 3)
    assert session.unit_heatmap(1, 0).shape == (64, 64)
    with pytest.raises(ValueError):
        LabSession(spiral, grid_size=1)


def test_a_unit_heatmap_is_that_hidden_units_activation_over_the_grid(spiral, engine_values):
    session = LabSession(spiral, net=NetSpec(hidden=(6, 4)))
    session.step(10)
    picture = session.grid("mlp")
    xx, yy = np.meshgrid(picture.xs, picture.ys)
    values = engine_values(session.models["mlp"], np.column_stack([xx.ravel(), yy.ravel()]))
    for layer, unit in ((1, 0), (1, 5), (2, 3)):
        heatmap = session.unit_heatmap(layer, unit)
        assert heatmap.shape == (200, 200)
        np.testing.assert_allclose(heatmap.ravel(), values[f"h{layer}"][:, unit], atol=1e-5)
    for layer, unit in ((0, 0), (3, 0), (1, 6), (2, -1)):
        with pytest.raises(ValueError):
            session.unit_heatmap(layer, unit)


# -- divergence ----------------------------------------------------------------------------

def test_a_huge_learning_rate_raises_divergence_and_leaves_finite_parameters(spiral):
    session = LabSession(spiral, net=NetSpec(activation="relu"),
                         train=TrainSpec(optimizer="sgd", lr=10.0))
    session.set_train(TrainSpec(optimizer="sgd", lr=1e200))
    before = params_of(session)
    with pytest.raises(DivergenceError) as caught:
        for _ in range(20):
            before = params_of(session)
            session.step()
    error = caught.value
    assert error.step == session.steps + 1 and f"at step {error.step}" in str(error)
    assert error.panel in PANELS and error.node in str(error)
    for panel, model in session.models.items():
        assert all(np.isfinite(value).all() for value in model.params.values())
        assert_same_params(model.params, before[panel])  # both panels as before that step
    assert "neural net" in str(error) or "softmax regression" in str(error)
    session.set_train(TrainSpec())  # a sensible rate and a reset: training goes on
    session.reset()
    session.step(3)
    assert all(np.isfinite(value).all() for value in session.models["mlp"].params.values())


def wild(dataset, **kwargs):
    """The wedge a new user hit: linear activation, SGD at learning rate 10: the net's
    weights grow ×1e10 a step or so, past float32 within a few steps, then past float64."""
    return LabSession(dataset, NetSpec(activation="linear"),
                      TrainSpec(optimizer="sgd", lr=10.0), **kwargs)


def first_unpicturable_state(dataset):
    """(F, params after each step < F): F is the first step count whose pictures overflow
    even in float64, found one step at a time."""
    session, history = wild(dataset), []
    while True:
        history.append(params_of(session))
        session.step()
        try:
            session.check_pictures()
        except DivergenceError:
            return len(history), history


def test_pictures_beyond_float32_are_drawn_in_float64(spiral):
    session = wild(spiral)
    while max(float(np.abs(value).max()) for value in session.models["mlp"].params.values()) < 1e20:
        session.step()
    cells = session.grid("softmax")
    points = np.column_stack([np.tile(cells.xs, 200), np.repeat(cells.ys, 200)])
    with pytest.raises(NonFiniteError):  # the pictures' usual precision is not enough
        session.models["mlp"].layer_outputs(points.astype(np.float32), np.float32)
    picture = session.grid("mlp")
    expected = session.models["mlp"].predict_proba(points).reshape(200, 200, -1)
    assert picture.probabilities.dtype == np.float32
    np.testing.assert_allclose(picture.probabilities, expected, atol=1e-6)
    heatmap = session.unit_heatmap(2, 0)
    assert heatmap.dtype == np.float32 and np.isfinite(heatmap).all()
    session.evaluate()  # no overflow in float64: these are the last good weights now
    assert session.good_steps == session.steps


def test_weights_whose_pictures_overflow_are_undone_step_by_step_to_the_latest_that_do_not(
        spiral):
    failing, history = first_unpicturable_state(spiral)
    session = wild(spiral)
    session.evaluate()
    session.step(failing)  # training alone does not notice: the weights are finite
    with pytest.raises(DivergenceError) as caught:
        session.check_pictures()
    error = caught.value
    assert (error.step, error.restored_to, session.steps) == (failing, failing - 1, failing - 1)
    assert error.panel == "mlp" and error.node in str(error)
    assert "in the picture of the plane" in str(error)
    for panel in PANELS:  # both panels, the softmax one too, as after failing - 1 steps
        assert_same_params(session.models[panel].params, history[failing - 1][panel])
    session.check_pictures()  # they draw, and the curves can catch up with them
    session.evaluate()
    assert session.curve("mlp").steps[-1] == failing - 1 == session.good_steps
    assert np.isfinite(session.grid("mlp").probabilities).all()


def test_past_the_steps_that_can_be_undone_it_goes_back_to_the_weights_last_evaluated(
        spiral, monkeypatch):
    monkeypatch.setattr("bpviz.labs.boundary.lockstep.HISTORY", 0)  # no step can be undone
    failing, history = first_unpicturable_state(spiral)
    session = wild(spiral)
    session.step(2)
    session.evaluate()
    session.step(failing - 2)
    with pytest.raises(DivergenceError) as caught:
        session.grid("mlp")  # a view asking first: it is told, and the weights are put back
    assert caught.value.restored_to == session.steps == session.good_steps == 2
    for panel in PANELS:
        assert_same_params(session.models[panel].params, history[2][panel])
    assert session.grid("mlp").probabilities.shape == (200, 200, 3)
    session.set_train(TrainSpec(optimizer="sgd", lr=0.01))  # and training goes on
    session.step(20)
    session.evaluate()
    assert session.steps == 22


def test_an_evaluation_that_overflows_adds_nothing_and_goes_back(spiral, monkeypatch):
    session = LabSession(spiral)
    session.step(3)
    session.evaluate()
    good = params_of(session)
    session.step(4)
    curve_before = session.curve("softmax")

    def overflow(X, y):
        raise NonFiniteError(4, "s", "forward", "inf")
    monkeypatch.setattr(session.models["softmax"], "evaluate", overflow)
    with pytest.raises(DivergenceError) as caught:
        session.evaluate()
    error = caught.value
    assert error.panel == "softmax" and "on the training and test points" in error.detail
    assert (error.step, error.restored_to, session.steps) == (7, 3, 3)
    assert session.curve("softmax") is curve_before  # no point added to either curve
    for panel in PANELS:
        assert_same_params(session.models[panel].params, good[panel])


def test_after_a_diverged_step_the_session_settles_on_weights_that_evaluate_and_draw(spiral):
    session = wild(spiral)
    with pytest.raises(DivergenceError) as diverged:
        for _ in range(100):
            session.step()
    assert session.steps == diverged.value.step - 1
    try:
        session.evaluate()
    except DivergenceError as error:  # finite weights, but their pictures overflow: further back
        assert error.restored_to == session.steps < diverged.value.step - 1
        session.evaluate()
    assert session.good_steps == session.steps
    assert np.isfinite(session.curve("softmax").train_loss[-1])
    assert np.isfinite(session.grid("mlp").probabilities).all()
    space = session.hidden_space()
    assert np.isfinite(space.points).all()


# -- data sets of every kind and size ------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_each_built_in_kind_trains_and_draws(kind):
    dataset = make_dataset(DataSpec(kind=kind))
    session = LabSession(dataset)
    session.run_epoch()
    session.evaluate()
    classes = dataset.num_classes
    for panel in PANELS:
        assert session.grid(panel).probabilities.shape == (200, 200, classes)
        assert 0 <= session.accuracy(panel) <= 1
        assert len(session.curve(panel).steps) == 1
    space = session.hidden_space()
    assert space.points.shape == (len(dataset), 2)


def test_a_cleared_data_set_gives_a_session_that_waits_for_points(spiral):
    session = LabSession(clear_points(spiral))
    session.step(5)
    session.run_epoch()
    session.evaluate()
    assert session.steps == 0 and math.isnan(session.accuracy("mlp"))
    assert session.extent == (-1.0, 1.0, -1.0, 1.0)
    assert session.grid("mlp").probabilities.shape == (200, 200, 3)
    assert session.hidden_space().points.shape == (0, 2)
    session.set_dataset(add_point(session.dataset, 0.5, 0.5, 2))  # one point: it trains
    assert len(session.train_set) == 1 and len(session.test_set) == 0
    session.step(2)
    assert session.steps == 2 and session.accuracy("mlp", "train") in (0.0, 1.0)


def test_drawing_keeps_the_square_while_it_holds_every_point(spiral):
    session = LabSession(spiral)
    extent = session.extent
    session.set_dataset(clear_points(spiral), keep_extent=True)
    assert session.extent == extent
    for _ in range(3):  # the same point again and again: the axes stay put
        session.set_dataset(add_point(session.dataset, 0.3, -0.2, 1), keep_extent=True)
        assert session.extent == extent
    session.reseed(7)
    assert session.extent == extent
    far = add_point(session.dataset, 10 * extent[1], 0.0, 0)
    session.set_dataset(far, keep_extent=True)  # a point outside: a square that holds it
    assert session.extent[1] >= 10 * extent[1]
    session.set_dataset(clear_points(spiral))
    assert session.extent == (-1.0, 1.0, -1.0, 1.0)  # new data: its own square


def test_pictures_handed_out_are_not_changed_by_later_steps(spiral):
    session = LabSession(spiral)
    picture, heatmap = session.grid("mlp"), session.unit_heatmap(1, 0)
    kept, kept_heatmap = picture.probabilities.copy(), heatmap.copy()
    session.step(3)
    session.grid("mlp")
    session.unit_heatmap(1, 0)
    np.testing.assert_array_equal(picture.probabilities, kept)
    np.testing.assert_array_equal(heatmap, kept_heatmap)
    assert not picture.xs.flags.writeable


@pytest.mark.parametrize("change", [{"loss": "margin"}, {"loss": "squared"}, {"l2": 0.05},
                                    {"l1": 0.02}])
def test_a_new_loss_or_penalty_is_what_the_next_steps_minimise(spiral, change):
    # The same weights, trained on with the new objective, as a model built with it would be.
    session = LabSession(spiral)
    session.step(3)
    new = TrainSpec(**change)
    session.set_train(new)
    for panel, model in session.models.items():
        reference = Classifier(2, 3, ClassifierConfig(hidden=model.config.hidden, **change),
                               np.random.default_rng(0))
        for name, value in model.params.items():
            reference.params[name][...] = value
        X, y = session.train_set.X[:10], session.train_set.y[:10]
        loss, grads = model.gradients(X, y)
        expected_loss, expected_grads = reference.gradients(X, y)
        assert loss == pytest.approx(expected_loss, rel=1e-12)
        for name in grads:
            np.testing.assert_allclose(grads[name], expected_grads[name], rtol=1e-10, atol=1e-14)
        assert session.loss(panel, "train") == pytest.approx(
            reference.evaluate(session.train_set.X, session.train_set.y)[0], rel=1e-12)


@pytest.mark.parametrize("fraction", [0, -0.5, 1.5, float("nan"), "half"])
def test_a_bad_train_fraction_is_refused(spiral, fraction):
    with pytest.raises(ValueError):
        LabSession(spiral, train_fraction=fraction)


def test_a_train_fraction_of_one_leaves_no_test_points(spiral):
    session = LabSession(spiral, train_fraction=1.0)
    assert len(session.train_set) == 300 and len(session.test_set) == 0
    session.step()
    session.evaluate()
    assert math.isnan(session.curve("mlp").test_accuracy[-1])


# -- numbers at the edges and data sets of any size ----------------------------------------


def far_apart(size, points=80):
    """Two classes at ±size on the first feature (the second small): separable."""
    X = np.array([[size, 1.0], [-size, 2.0], [size / 2, 3.0], [0.0, 4.0]] * (points // 4))
    return Dataset(X, [0, 1, 0, 1] * (points // 4), ("a", "b"), "far")


@pytest.mark.filterwarnings("error")  # no overflow, not even one on the way
@pytest.mark.parametrize("size", [1e40, 1e200, 1.7e308])
def test_features_of_any_finite_size_train_and_draw_in_float32(size):
    session = LabSession(far_apart(size))
    for _ in range(30):
        session.step()
    session.evaluate()
    assert all(np.isfinite(session.extent))
    for panel in PANELS:
        picture = session.grid(panel)
        assert np.isfinite(picture.probabilities).all()
        assert session._picture_dtype[panel] == np.float32  # no fall-back was needed
    space = session.hidden_space()
    assert np.isfinite(space.points).all() and np.isfinite(np.vstack(space.grid_lines)).all()
    assert session.accuracy("mlp", "train") == 1.0
    assert session.density().counts.sum() == len(session.dataset)


def test_data_that_cannot_be_used_leaves_the_session_exactly_as_it_was(spiral, monkeypatch):
    session = LabSession(spiral)
    session.step(3)
    before = (session.dataset, session.train_set, session.test_set, session.extent,
              session.scaling, dict(session.models), session.steps)
    weights = params_of(session)

    def refuse(*args):
        raise ValueError("no")
    monkeypatch.setattr("bpviz.labs.boundary.session.cell_centres", refuse)
    with pytest.raises(ValueError):
        session.set_dataset(far_apart(1e3))
    assert (session.dataset, session.train_set, session.test_set, session.extent,
            session.scaling, dict(session.models), session.steps) == before
    for panel, params in params_of(session).items():
        assert_same_params(params, weights[panel])


def test_past_measured_points_a_part_is_measured_on_its_first_points(monkeypatch):
    monkeypatch.setattr("bpviz.labs.boundary.session.MEASURED", 100)
    data = make_dataset(DataSpec(kind="gauss", points=1000))
    session = LabSession(data)
    assert session.sampled and len(session.train_set) == 500
    session.run_epoch()
    model = session.models["mlp"]
    first = session.train_set.X[:100], session.train_set.y[:100]
    assert session.accuracy("mlp", "train") == model.evaluate(*first)[1]
    assert not LabSession(make_dataset(DataSpec(kind="gauss", points=200))).sampled


def rows_evaluated(session, monkeypatch):
    """The rows each model call gets while `session` evaluates, by kind of call."""
    calls = {"scores": [], "pictures": []}
    evaluate, layer_outputs = Classifier.evaluate, Classifier.layer_outputs
    with monkeypatch.context() as patch:
        patch.setattr(Classifier, "evaluate", lambda model, X, y: (
            calls["scores"].append(len(X)), evaluate(model, X, y))[1])
        patch.setattr(Classifier, "layer_outputs", lambda model, X, *args: (
            calls["pictures"].append(len(X)), layer_outputs(model, X, *args))[1])
        session.evaluate()
    return calls


@pytest.mark.parametrize("points", [3_000, 30_000])
def test_a_frame_evaluates_as_many_rows_whatever_the_data_size(monkeypatch, points):
    # The lab evaluates ~10 times a second while training: that work is bounded by the sample
    # size (and the grid), not the data (a 1,000,000-point file is measured on a sample).
    monkeypatch.setattr("bpviz.labs.boundary.session.MEASURED", 1_000)
    rng = np.random.default_rng(0)
    data = Dataset(rng.normal(size=(points, 2)), np.arange(points) % 2, ("a", "b"), "big")
    session = LabSession(data, grid_size=20)
    assert session.measured_points("train") == session.measured_points("test") == 1_000
    # Two panels, each scored on the train and the test sample and pictured on 20² cells.
    assert rows_evaluated(session, monkeypatch) == {"scores": [1_000] * 4, "pictures": [400] * 2}
    # The sample is fixed: the same points every evaluation and in a session built afresh.
    train_loss = session.loss("mlp", "train")
    again = LabSession(data, grid_size=20)
    assert again.loss("mlp", "train") == train_loss
    assert train_loss == session.models["mlp"].evaluate(session.train_set.X[:1_000],
                                                         session.train_set.y[:1_000])[0]


def test_a_part_within_the_sample_size_is_measured_whole(monkeypatch):
    monkeypatch.setattr("bpviz.labs.boundary.session.MEASURED", 1_000)
    session = LabSession(make_dataset(DataSpec(kind="gauss", points=2_000)), train_fraction=0.9)
    assert session.measured_points("train") == 1_000 and len(session.train_set) == 1_800
    assert session.measured_points("test") == len(session.test_set) == 200
    with pytest.raises(ValueError):
        session.measured_points("everything")


def test_the_hidden_space_maps_a_fixed_sample_of_a_big_data_set(monkeypatch):
    monkeypatch.setattr("bpviz.labs.boundary.session.SHOWN", 300)
    session = LabSession(make_dataset(DataSpec(kind="gauss", points=2000)), train_fraction=0.7)
    space = session.hidden_space()
    assert len(space.points) == 300 and space.is_train.sum() == 210
    train, test = session.shown_points()
    np.testing.assert_array_equal(train.X, session.train_set.X[:210])
    np.testing.assert_array_equal(test.X, session.test_set.X[:90])


def test_a_full_batch_past_its_limit_is_refused_and_big_new_data_take_minibatches(monkeypatch):
    # One full-batch step on 500,000 training points held the window 385 ms: past
    # FULL_BATCH_MAX the lab refuses a full batch and new data switch it to minibatches.
    monkeypatch.setattr("bpviz.labs.boundary.settings.FULL_BATCH_MAX", 100)
    small = make_dataset(DataSpec(kind="gauss", points=200))   # 100 training points
    big = make_dataset(DataSpec(kind="gauss", points=202))     # 101
    full = TrainSpec(batch_size=0)
    session = LabSession(small, train=full)
    assert session.train.batch_size == 0
    session.set_dataset(big)
    assert session.train == TrainSpec(batch_size=MAX_BATCH)
    session.run_epoch()
    assert session.steps == 1  # 101 rows: one minibatch of at most 1,000
    before = session.train
    with pytest.raises(SettingError, match=r"a full batch is at most 100 training points and "
                                           r"these data have 101; choose a batch of 1 to 1,000"):
        session.set_train(full)
    assert session.train == before
    assert LabSession(big, train=full).train.batch_size == MAX_BATCH
    assert LabSession(small, train=full).train.batch_size == 0
