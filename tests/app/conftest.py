"""Lets a plain `pytest` run these tests headless too (tools/run-tests sets it anyway)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


@pytest.fixture
def save_screenshot(pytestconfig):
    """save(widget, name): `widget` as it looks now, under test-output/screenshots/<name>.png."""
    def save(widget, name: str):
        QApplication.processEvents()  # let pending layout requests land, as the app would
        out = pytestconfig.rootpath / "test-output" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{name}.png"
        assert widget.grab().save(str(path))
        return path
    return save
