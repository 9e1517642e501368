"""The retraining-pitfall page as a user meets it: chosen from the lesson menu, played to
the end, it shows the predictions the headless runs give; Step and Reset work."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from bpviz.app.lesson_catalog import CATALOG
from bpviz.app.main_window import MainWindow
from bpviz.app.pages import LAZY_PAGES
from bpviz.labs.pitfall import RULE, SHOWN, STEPS, PitfallSession


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window((1280, 720))
    return window


@pytest.fixture(scope="module")
def headless() -> PitfallSession:
    session = PitfallSession(0)
    session.run_to_end()
    return session


def test_the_page_is_registered_once():
    assert [entry.page for entry in CATALOG].count("pitfall") == 1
    assert "pitfall" in LAZY_PAGES


def test_played_to_the_end_it_shows_the_headless_predictions(window, qtbot, headless,
                                                             save_screenshot):
    window.choose_lesson("pitfall")
    lab = window.built_pages["pitfall"].lab
    assert window.pages.currentWidget() is lab
    assert lab.findChild(object, "pitfallRule").text() == RULE
    assert lab.session.steps == 0
    qtbot.keyClick(lab, Qt.Key.Key_Space)  # Play
    assert lab.play_action.isChecked()
    qtbot.waitUntil(lambda: lab.session.at_end, timeout=120_000)
    qtbot.waitUntil(lambda: not lab.play_action.isChecked())  # it pauses at the end
    result = headless.result()
    for name in SHOWN:
        expected = result[name]["television"]
        assert lab.predictions[name].text() == \
            f"television → {expected['label']} (p = {expected['p']:.2f})"
    assert "week" in lab.predictions["fine_tune"].text()
    assert "screen" in lab.predictions["freeze"].text()
    assert lab.progress.text() == f"step {STEPS} of {STEPS}"
    assert not lab.step_action.isEnabled()
    save_screenshot(lab, "pitfall")


def test_step_and_reset(window, qtbot):
    window.choose_lesson("pitfall")
    lab = window.built_pages["pitfall"].lab
    lab.step_action.trigger()
    assert lab.session.steps == 10 and lab.progress.text() == f"step 10 of {STEPS}"
    trail = lab.plots["fine_tune"].trails["TV"].getData()[0]
    assert len(trail) == 11
    lab.reset_action.trigger()
    assert lab.session.steps == 0 and lab.progress.text() == f"step 0 of {STEPS}"
    assert "week" in lab.predictions["fine_tune"].text()  # the start says "week" to all


def test_leaving_the_page_pauses_it(window, qtbot):
    window.choose_lesson("pitfall")
    lab = window.built_pages["pitfall"].lab
    lab.play()
    window.choose_lesson("window-scorer")
    assert not lab.play_action.isChecked() and not lab.timer.isActive()


def test_at_the_start_no_words_label_covers_another_words_dot(window, qtbot):
    window.choose_lesson("pitfall")
    lab = window.built_pages["pitfall"].lab
    qtbot.wait(50)  # the first paint places the labels in scene pixels
    for plot in lab.plots.values():
        view = plot.getViewBox()
        dots = {word: view.mapViewToScene(head.points()[0].pos())
                for word, head in plot.heads.items()}
        for word, label in plot.labels.items():
            box = label.sceneBoundingRect()
            assert not any(box.contains(dot) for other, dot in dots.items() if other != word)


def test_the_page_says_the_large_runs_gain_depends_on_the_seed(qtbot):
    from bpviz.app.labs.pitfall.pitfall_lab import PitfallLab
    from bpviz.labs.pitfall import LARGE_NOTE, PitfallSession
    from PySide6.QtWidgets import QLabel

    session = PitfallSession(3)
    session.run_to_end()
    lab = PitfallLab(session)
    qtbot.addWidget(lab)
    texts = [label.text() for label in lab.findChildren(QLabel)]
    assert any(LARGE_NOTE in text for text in texts)
    assert lab.comparison.text() == ("large set classified right: fine-tuned 100%, frozen 100% "
                                     "(no gain with this seed: its pretrained vectors already "
                                     "part the classes)")
    session = PitfallSession(0)
    session.run_to_end()
    lab.show_session(session)
    assert lab.comparison.text() == "large set classified right: fine-tuned 100%, frozen 60%"
