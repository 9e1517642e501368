"""`bpviz bench --only`: a list that names nothing is a usage error, not the whole bench."""

from __future__ import annotations

import pytest

from bpviz.bench import run as bench_run
from bpviz.cli.main import main


@pytest.mark.parametrize("only", ["", " ", ",", " , ,"])
def test_only_with_no_names_is_a_usage_error(capsys, monkeypatch, only):
    monkeypatch.setattr(bench_run, "run_bench",
                        lambda *args: pytest.fail("the bench ran"))
    assert main(["bench", "--quick", "--only", only]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("bpviz: error: --only needs at least one workload, e.g. --only W1,W3;")
