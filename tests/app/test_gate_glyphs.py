"""The gate patterns on the circuit: View → Gate patterns marks each edge the backward step
sends a gradient along with its gate's glyph, and explains them in a legend."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from bpviz.app.main_window import MainWindow
from bpviz.app.theme import DARK
from bpviz.lessons.gate_patterns import GLYPHS, LEGEND, ROUTES, SUMS


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window(animations=False)
    window.choose_lesson("expression")
    window.stage_page.presets.choose("lecture")
    window.stage_page.presets.load()
    return window



def test_the_view_toggle_marks_the_backward_step_and_shows_the_legend(qtbot, window):
    glyphs = window.stage_page.gate_glyphs
    assert glyphs.action in window.view_menu.actions()
    assert not glyphs.legend.isVisible()
    for _ in range(5):  # forward 3, backward through × and then max
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)
    assert glyphs.glyph_items() == []  # off by default
    glyphs.action.trigger()
    assert glyphs.legend.isVisible()
    assert glyphs.legend.text() == "\n".join(f"{GLYPHS[p]} {LEGEND[p]}" for p in LEGEND)
    labels = {node: item.facts.info.label
              for node, item in window.circuit_view.node_items().items()}
    marks = sorted((item.pattern, labels[item.edge[0]], labels[item.edge[1]])
                   for item in glyphs.glyph_items())
    # y and z routed by max, y's gradient a sum (it feeds x+y too)
    assert marks == [(ROUTES, "y", "max(y,z)"), (ROUTES, "z", "max(y,z)"),
                     (SUMS, "y", "max(y,z)")]
    assert all(item.scene() is window.circuit_view.scene() for item in glyphs.glyph_items())
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)  # through +: copies, y sums
    assert sorted(item.pattern for item in glyphs.glyph_items()) == ["copies", "copies", "sums"]
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_Home)
    assert glyphs.glyph_items() == []  # nothing flows back at the start
    glyphs.action.trigger()
    assert not glyphs.legend.isVisible()


def test_the_glyphs_survive_a_theme_change(qtbot, window):
    glyphs = window.stage_page.gate_glyphs
    glyphs.set_enabled(True)
    for _ in range(4):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)
    assert len(glyphs.glyph_items()) == 2  # × swaps, on both of its edges
    window.set_theme(DARK)
    assert len(glyphs.glyph_items()) == 2
    assert all(item.theme.name == "dark" for item in glyphs.glyph_items())
