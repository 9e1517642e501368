"""Property-based: a settings file of any bytes, or any value under a key, is read without an
exception: a known value is used, anything else falls back to its default (a log line)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from bpviz.app.settings_store import checked_settings, read_choice, restore_state

BOUNDED = settings(deadline=timedelta(seconds=2), max_examples=100,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])
KNOWN = ("light", "dark")
KEYS = ("theme", "geometry", "window-state", "views", "lesson", "zoom")
LINES = st.one_of(
    st.sampled_from(["[General]", "[%General]", "theme=dark", "theme=@Invalid()",
                     "geometry=@ByteArray(\\x1\\xd9\\xd0\\xcb)", "geometry=@Variant(\\0\\0\\0\\x7f)",
                     "geometry=@Size(1 2)", "window-state=@Rect(0 0 -5 9999999999)",
                     "views=1, 2, 3", "lesson=\"", "theme=" + "x" * 5000, "\\", "=", "[", ""]),
    st.text(max_size=80))
# Integers as QSettings can hold them (a 64-bit int); a larger one raises in setValue itself.
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63 - 1), st.floats(),
                   st.text(max_size=200),
                   st.binary(max_size=300).map(QByteArray), st.lists(st.text(max_size=5)))


@pytest.fixture(scope="module")
def window(qapp):
    window = QMainWindow()
    yield window
    window.deleteLater()


def read_everything(store: QSettings, window: QMainWindow) -> None:
    checked_settings(store)
    assert read_choice(store, "theme", KNOWN, "light") in KNOWN
    for key, restore in (("geometry", window.restoreGeometry),
                         ("window-state", window.restoreState), ("views", window.restoreState)):
        assert restore_state(store, key, restore) in (True, False)


@BOUNDED
@given(content=st.binary(max_size=1500))
def test_a_file_of_any_bytes_is_read_without_an_exception(tmp_path, window, content):
    path = tmp_path / "bpviz.conf"
    path.write_bytes(content)
    read_everything(QSettings(str(path), QSettings.Format.IniFormat), window)


@BOUNDED
@given(lines=st.lists(LINES, max_size=12))
def test_a_file_of_settings_like_lines_is_read_without_an_exception(tmp_path, window, lines):
    path = tmp_path / "bpviz.conf"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    read_everything(QSettings(str(path), QSettings.Format.IniFormat), window)


@BOUNDED
@given(key=st.sampled_from(KEYS), value=VALUES)
def test_any_value_under_any_key_is_used_or_falls_back(tmp_path, window, key, value):
    store = QSettings(str(tmp_path / "values.conf"), QSettings.Format.IniFormat)
    store.clear()
    store.setValue(key, value)
    read_everything(store, window)
