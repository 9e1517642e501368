"""The screenshot tool names what it can take and refuses anything else in one line."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "take_screenshots.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("take_screenshots", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_readme_screenshot_has_a_recipe():
    readme = (TOOL.parents[1] / "README.md").read_text(encoding="utf-8")
    tool = load_tool()
    for name in tool.SHOTS:
        assert f"assets/{name}.png" in readme


def test_an_unknown_name_is_one_line_on_stderr_and_exit_2(capsys):
    assert load_tool().main(["nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no screenshot called nope" in err


def test_each_screenshot_but_practice_is_one_bpviz_render_command():
    from bpviz.cli.main import build_parser

    tool = load_tool()
    assert set(tool.RENDERS) | {"practice"} == set(tool.SHOTS)
    parser = build_parser()
    for name in tool.RENDERS:
        words = tool.command(name, Path("/tmp") / f"{name}.png")
        assert words[0] == "render" and words[-2:] == ["--out", f"/tmp/{name}.png"]
        args = parser.parse_args(words)
        assert args.run.__module__ == "bpviz.cli.render_command"
