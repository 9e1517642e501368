"""The quick-start scripts: syntax, wiring, and the set-up helpers that need no network."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ["tools/run-app", "tools/run-tests", "tools/setup.sh", ".ci/run"]


def _bash(script: str, **env: str) -> subprocess.CompletedProcess:
    """Run `script` in bash after sourcing tools/setup.sh."""
    return subprocess.run(
        ["/bin/bash", "-c", f"set -euo pipefail; source tools/setup.sh; {script}"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env},
    )


@pytest.mark.parametrize("script", SCRIPTS)
def test_bash_syntax(script):
    result = subprocess.run(["bash", "-n", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("script", ["tools/run-app", "tools/run-tests", ".ci/run"])
def test_executable_and_strict(script):
    path = ROOT / script
    assert os.access(path, os.X_OK)
    assert "set -euo pipefail" in path.read_text()


def test_ci_runs_the_readme_test_command():
    assert "tools/run-tests" in (ROOT / ".ci/run").read_text()


def test_no_python_gives_one_line_error(tmp_path):
    # A PATH with only what setup.sh needs to load, and no Python at all.
    (tmp_path / "dirname").symlink_to(shutil.which("dirname"))
    result = _bash("bpviz_find_python", PATH=str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Python >= 3.11" in result.stderr


def test_missing_debs_lists_only_missing():
    if not Path("/usr/bin/dpkg-query").exists():
        pytest.skip("not a Debian-like system")
    result = _bash("bpviz_missing_debs coreutils bpviz-no-such-package")
    assert result.stdout.split() == ["bpviz-no-such-package"]


def test_no_dpkg_skips_apt_with_a_note(tmp_path):
    (tmp_path / "dirname").symlink_to(shutil.which("dirname"))
    result = _bash("bpviz_ensure_debs libgl1", PATH=str(tmp_path))
    assert result.returncode == 0
    assert "not a Debian-like system" in result.stderr
