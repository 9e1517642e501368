"""A damaged settings file never stops the app: each bad value falls back to its default, with
one line in the log, whatever the damage (wrong type, text for bytes, huge numbers, garbage,
a file cut in half)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QSettings, QSize

from bpviz.app.main_window import DEFAULT_SIZE, MainWindow, first_size
from bpviz.app.settings_store import MAX_STATE_BYTES, read_choice, restore_state

BYTES_KEYS = ("geometry", "window-state", "views")
BAD_BYTES = {
    "text": "hello",
    "a number": "12",
    "a huge number": "9" * 400,
    "a list": "1, 2, 3",
    "a rectangle": "@Rect(0 0 99999999 99999999)",
    "a size": "@Size(1e400 5)",
    "garbage bytes": "@ByteArray(\\x1\\xd9\\xd0\\xcb garbage)",
    "a half byte array": "@ByteArray(\\x1\\xd9\\xd0",
    "an unknown saved type": "@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x5QRect)",
    "a variant of garbage": "@Variant(garbage\\xff)",
    "empty": "",
}
BAD_NAMES = {
    "unknown": "purple",
    "bytes": "@ByteArray(light)",
    "a list": "light, dark",
    "a huge number": "9" * 5000,
    "a rectangle": "@Rect(1 2 3 4)",
    "garbage": "@Variant(garbage\\xff)",
}


def write_ini(path: Path, body: str | bytes) -> Path:
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return path


def looks(window: MainWindow) -> tuple:
    """What a user sees of the settings: lesson, theme, size, splitter and docks."""
    return (window.lesson_entry.key, window.theme.name, window.size().toTuple(),
            window.views.sizes(), [dock.isVisible() for dock in window.stage_page.docks()])


@pytest.fixture
def defaults(open_window, tmp_path) -> tuple:
    window = open_window(None, settings=tmp_path / "fresh.ini")
    shown = looks(window)
    window.hide()
    return shown


def settings_warnings(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records
            if record.name == "bpviz.settings" and record.levelno == logging.WARNING]


@pytest.mark.parametrize("key", BYTES_KEYS)
@pytest.mark.parametrize("damage", BAD_BYTES, ids=str)
def test_a_bad_layout_value_starts_with_the_default_layout(open_window, tmp_path, caplog,
                                                           defaults, key, damage):
    path = write_ini(tmp_path / "bpviz.ini", f"[General]\n{key}={BAD_BYTES[damage]}\n")
    window = open_window(None, settings=path)
    assert looks(window) == defaults
    screen = window.screen().availableGeometry().size().toTuple()
    fitted = QSize(*first_size(screen)).expandedTo(window.minimumSizeHint())
    assert window.size() == fitted or key != "geometry"
    lines = settings_warnings(caplog)
    assert lines and any(repr(key) in line for line in lines), lines
    assert all("\n" not in line for line in lines)


@pytest.mark.parametrize("key", ["lesson", "theme"])
@pytest.mark.parametrize("damage", BAD_NAMES, ids=str)
def test_a_bad_lesson_or_theme_starts_with_the_default(open_window, tmp_path, caplog, defaults,
                                                       key, damage):
    path = write_ini(tmp_path / "bpviz.ini", f"[General]\n{key}={BAD_NAMES[damage]}\n")
    window = open_window(None, settings=path)
    assert looks(window) == defaults
    assert any(repr(key) in line for line in settings_warnings(caplog))


@pytest.mark.parametrize("cut_in", ["geometry", "window-state"])
def test_a_settings_file_cut_in_half_by_a_crash(open_window, tmp_path, caplog, defaults, cut_in):
    path = tmp_path / "bpviz.ini"
    first = open_window(None, settings=path)
    first.choose_lesson("expression")
    first.close()
    saved = path.read_bytes()
    assert b"geometry=@ByteArray(" in saved and b"window-state=@ByteArray(" in saved
    # Cut inside one saved value, the way a crash while writing would leave the file.
    write_ini(path, saved[:saved.index(cut_in.encode() + b"=") + 40])
    window = open_window(None, settings=path)
    assert any(repr(cut_in) in line for line in settings_warnings(caplog))
    if cut_in == "geometry":  # the first key: nothing else survives
        assert looks(window) == defaults
    else:  # what was before the cut survives
        assert window.lesson_entry.key == "expression"
    window.choose_lesson("expression")
    window.close()
    again = open_window(None, settings=path)  # closing wrote a whole file again
    assert again.lesson_entry.key == "expression"
    assert b"window-state=@ByteArray(" in path.read_bytes()


@pytest.mark.parametrize("content", [
    b"\xff\xfe\x00garbage[[[\n=\n[General\nk",
    b"[General]\n" + b"geometry=@ByteArray(" + b"\\xff" * 200_000 + b")\n",
], ids=["garbage", "a huge value"])
def test_a_settings_file_of_garbage(open_window, tmp_path, caplog, defaults, content):
    window = open_window(None, settings=write_ini(tmp_path / "bpviz.ini", content))
    assert looks(window) == defaults
    assert settings_warnings(caplog)


class Broken:
    """A settings object whose value cannot even be converted (as an odd QVariant may not)."""

    def fileName(self) -> str:  # noqa: N802 (Qt's name)
        return "broken.ini"

    def value(self, key):
        raise RuntimeError("cannot convert")


def test_a_value_that_cannot_be_converted_is_the_default(caplog):
    assert read_choice(Broken(), "theme", {"light", "dark"}, "light") == "light"
    assert not restore_state(Broken(), "geometry", lambda data: True)
    assert settings_warnings(caplog) == [
        "settings file broken.ini: 'theme' is unreadable (RuntimeError: cannot convert); "
        "using the default",
        "settings file broken.ini: 'geometry' is unreadable (RuntimeError: cannot convert); "
        "using the default"]


def test_a_restore_that_raises_or_refuses_is_the_default(tmp_path, caplog):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("geometry", QByteArray(b"\x01\x02"))

    def raises(data):
        raise TypeError("restoreGeometry(str)")

    assert not restore_state(settings, "geometry", raises)
    assert not restore_state(settings, "geometry", lambda data: False)
    assert restore_state(settings, "geometry", lambda data: True)
    settings.setValue("geometry", QByteArray(b"x" * (MAX_STATE_BYTES + 1)))
    assert not restore_state(settings, "geometry", lambda data: True)
    lines = settings_warnings(caplog)
    assert len(lines) == 3 and "TypeError: restoreGeometry(str)" in lines[0]
    assert "not a layout Qt can restore" in lines[1]
    assert f"a QByteArray of" in lines[2]


KEYS = ("geometry", "window-state", "views", "lesson", "theme")
VALUE_TEXT = st.one_of(
    st.text(max_size=60),
    st.binary(max_size=60).map(lambda data: "@ByteArray(" + data.decode("latin-1") + ")"),
    st.sampled_from(["@Variant(", "@Rect(1 2", "@Size(", "@Point(9e999 1)", "@Invalid()"]).flatmap(
        lambda start: st.text(max_size=20).map(lambda rest: start + rest)),
)


@hypothesis_settings(max_examples=150, deadline=2000,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(
    st.binary(max_size=400),
    st.lists(st.tuples(st.sampled_from(KEYS), VALUE_TEXT), max_size=6).map(
        lambda pairs: ("[General]\n" + "".join(f"{key}={value}\n" for key, value in pairs))
        .encode("utf-8", "surrogatepass"))))
def test_any_settings_file_reads_as_values_or_defaults(qtbot, tmp_path, body):
    """Random bytes and random values of every key: each read ends in a known value or the
    default, never an exception."""
    from PySide6.QtWidgets import QMainWindow, QSplitter

    path = tmp_path / "random.ini"
    path.write_bytes(body)
    store = QSettings(str(path), QSettings.Format.IniFormat)
    window = QMainWindow()
    splitter = QSplitter()
    assert read_choice(store, "theme", {"light", "dark"}, "light") in {"light", "dark"}
    assert read_choice(store, "lesson", {"a", "b"}, "a") in {"a", "b"}
    for key, restore in (("geometry", window.restoreGeometry),
                         ("window-state", window.restoreState),
                         ("views", splitter.restoreState)):
        assert restore_state(store, key, restore) in (True, False)
    window.deleteLater()
    splitter.deleteLater()


def test_a_first_run_fits_the_screen():
    assert first_size((1920, 1080)) == DEFAULT_SIZE
    assert first_size((1280, 720)) == (1280, 720)  # a projector: nothing starts off-screen
    assert first_size((1024, 900)) == (1024, DEFAULT_SIZE[1])
