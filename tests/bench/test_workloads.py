"""The benchmark: bpviz agrees with every hand-fused reference, and `bpviz bench --json`
has its documented form. No timings are asserted: shared machines are too noisy."""

import json

import numpy as np
import pytest

from bpviz.bench import registry
from bpviz.bench.references.mlp import FusedMLP
from bpviz.bench.timing import interleaved
from bpviz.cli.main import main
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.training.optimizers import make_optimizer


@pytest.mark.parametrize("workload", registry.headless_workloads(), ids=lambda w: w.name)
def test_each_workload_gives_the_references_gradients(workload):
    prepared = workload.prepare()
    assert prepared.max_difference <= prepared.tolerance
    assert {"bpviz", "fused"} <= set(prepared.contenders)
    for run in prepared.contenders.values():
        run()


def test_the_fused_mlp_trains_like_bpviz_step_by_step():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 2)), rng.integers(0, 2, 30)
    model, adam = Classifier(2, 2, ClassifierConfig(), rng), make_optimizer("adam")
    reference = FusedMLP(model.sizes, model.params, 30)
    reference.set_batch(X, y)
    for _ in range(5):
        loss, grads = model.gradients(X, y)
        adam.step(model.params, grads, 0.01)
        assert reference.step(0.01) == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(reference.blocks[0][:, :-1], model.params["W1"], rtol=1e-9)


@pytest.mark.parametrize("batch", [10, 500])
def test_the_mlp_rows_count_numpy_calls_per_step(batch):
    from bpviz.bench import mlp_workloads

    prepared = mlp_workloads.prepare_step(batch)
    (line,) = [note for note in prepared.notes if note.startswith("NumPy calls per step")]
    # 18 plan steps (3 products and 2 tanh forward, the softmax loss one step each way,
    # 5 products and 2 × 3 tanh calls back) and 32 calls around them (the Trainer's
    # 7 among them; no NaN check of the plan's own inside the guarded step), against 36.
    assert "bpviz 50 (18 plan steps" in line and "the fused step 36 (" in line
    assert "roll-back copies 3" in line and "NaN check" not in line and "Adam 11" in line
    assert "folded into its product (3 of them)" in line


@pytest.mark.parametrize("batch", [10, 500])
def test_the_mlp_rows_time_the_labs_guarded_trainer_step(batch):
    from bpviz.bench import mlp_workloads
    from bpviz.labs.boundary.session import classifier_config, train_settings
    from bpviz.labs.boundary.settings import NetSpec, TrainSpec

    trainer, rows = mlp_workloads.lab_trainer(batch)
    train = TrainSpec(lr=mlp_workloads.LR, batch_size=batch)
    assert trainer.settings == train_settings(train)
    assert trainer.model.config == classifier_config(NetSpec(), train, "mlp")
    assert len(rows) == batch
    trainer.step(rows)  # the lab's call for its MLP panel: one guarded step, counted
    assert trainer.steps == 1


def test_a_reference_rows_notes_are_printed_under_the_table():
    from bpviz.bench.report import report_lines

    row = {"name": "W1", "unit": "step", "target": "≤ 1×", "status": "met", "notes": ["n1"],
           "bpviz": None, "fused": None, "ratio_to_fused": None, "ratio_to_torch": None}
    lines = report_lines({"workloads": [row], "torch": None, "numpy": "2", "blas_threads": 1,
                          "repeats": 1, "seconds": 0.0})
    assert "W1: n1" in lines


def test_interleaved_timing_gives_every_contender_its_rounds():
    calls = {"a": 0, "b": 0}

    def count(name):
        def run():
            calls[name] += 1
        return run
    timings = interleaved({"a": count("a"), "b": count("b")}, repeats=3, block_seconds=1e-4)
    assert set(timings) == {"a", "b"}
    assert all(t.repeats == 3 and t.min <= t.median <= t.max for t in timings.values())


def test_every_workload_is_listed_once_the_app_rows_last():
    names = [workload.name for workload in registry.all_workloads()]
    assert names == ["W1", "W1-b10", "W1-grid", "W2", "W2-sgns", "W3", "W3-graph",
                     "UI-boundary", "UI-embedding", "UI-stage", "UI-start"]


def test_bench_json_has_its_documented_form(capsys):
    # The headless rows only: the app's rows are tested in test_ui_workloads.py.
    headless = ",".join(workload.name for workload in registry.headless_workloads())
    assert main(["bench", "--quick", "--json", "--repeats", "1", "--only", headless]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"bpviz", "numpy", "torch", "blas_threads", "quick", "repeats", "seconds",
            "workloads"} <= set(report)
    rows = {row["name"]: row for row in report["workloads"]}
    assert list(rows)[:7] == ["W1", "W1-b10", "W1-grid", "W2", "W2-sgns", "W3", "W3-graph"]
    for name in ("W1", "W1-b10", "W1-grid", "W2", "W2-sgns", "W3", "W3-graph"):
        row = rows[name]
        # W3-graph is judged against micrograd, which is never a dependency.
        assert row["status"] in ("met", "missed") or (
            name == "W3-graph" and row["status"] == "not judged" and row["micrograd"] is None)
        assert row["gradients"]["equal"] is True
        assert row["bpviz"]["median_us"] > 0 and row["fused"]["median_us"] > 0
        assert row["ratio_to_fused"] > 0 and row["target"]
        assert (row["why"] != "") == (row["status"] == "missed")


def test_bench_text_output_and_errors(capsys):
    assert main(["bench", "--only", "W3", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:2] == ["workload", "bpviz"]
    assert "W3" in out and "BLAS threads 1" in out
    assert main(["bench", "--only", "W9"]) == 2
    assert "unknown workload(s) W9" in capsys.readouterr().err


def test_workload_names_are_taken_in_any_case_and_the_help_lists_every_one(capsys):
    from bpviz.bench.registry import all_workloads
    from bpviz.cli import bench_command

    assert [name for name, _ in bench_command.WORKLOADS] == [
        workload.name for workload in all_workloads()]
    assert main(["bench", "--only", "w3", "--repeats", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["workload", "bpviz", "per"]
    assert lines[2].split()[0] == "W3" and lines[2].split()[3] == "update"


def test_w3_times_the_stages_update_and_w3_graph_the_circuit_built_and_backpropagated():
    from bpviz.bench import scalar_workload
    from bpviz.engine import Trace

    update = scalar_workload.prepare_update().contenders["bpviz"]
    first, second = update(), update()
    assert isinstance(first, Trace) and len(first.nodes) == 62
    assert second.output_value < first.output_value  # each call is a gradient step
    grads = scalar_workload.prepare_graph().contenders["bpviz"]()
    _, theirs = scalar_workload._reference(list(scalar_workload.values().values()))()
    assert [grads[name] for name in scalar_workload.NAMES] == pytest.approx(theirs, rel=1e-12)


def test_micrograd_is_compared_only_when_installed(monkeypatch):
    from bpviz.bench import micrograd_scalar, scalar_workload
    from bpviz.bench.run import verdict
    from bpviz.bench.timing import Timing

    numbers = list(scalar_workload.values().values())
    real_import = micrograd_scalar.importlib.import_module

    def without_micrograd(name, *args):
        if name.startswith("micrograd"):
            raise ImportError(name)
        return real_import(name, *args)
    monkeypatch.setattr(micrograd_scalar.importlib, "import_module", without_micrograd)
    assert micrograd_scalar.scalar_run(numbers, 0.5, []) is None
    prepared = scalar_workload.prepare_graph()
    assert set(prepared.contenders) == {"bpviz", "fused"}
    w3_graph = next(w for w in registry.headless_workloads() if w.name == "W3-graph")
    assert verdict(w3_graph, Timing(1e-4, 1e-4, 1e-4, 1), None) == (
        "not judged", "micrograd is not installed")
    assert verdict(w3_graph, Timing(1e-4, 1e-4, 1e-4, 1), Timing(2e-4, 2e-4, 2e-4, 1))[0] == "met"


def test_micrograd_when_installed_gives_the_references_gradients():
    pytest.importorskip("micrograd.engine")
    from bpviz.bench import micrograd_scalar, scalar_workload

    numbers = list(scalar_workload.values().values())
    run, grads = micrograd_scalar.scalar_run(numbers, scalar_workload.TARGET, [])
    _, theirs = scalar_workload._reference(numbers)()
    assert grads == pytest.approx(theirs, rel=1e-12)
