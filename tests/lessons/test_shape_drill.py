"""The shape drill: the ledger's array products as tasks, its factors as tiles, shapes
checked as they are placed (a non-conforming product named with both shapes), then the value."""

from __future__ import annotations

import pytest

from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.shape_drill import Assembly, DrillError, drill_tasks


@pytest.fixture(scope="module")
def scorer():
    lesson = WindowScorerLesson()
    tasks, tiles = drill_tasks(lesson.record(), lesson.output)
    return {task.name: task for task in tasks}, tiles


def test_the_window_scorer_drills_delta_the_weights_and_the_input(scorer):
    tasks, tiles = scorer
    assert {"δ (8)", "∂s/∂W (8×20)", "∂s/∂x (20)"} <= set(tasks)
    labels = {tile.label for tile in tiles}
    assert {"δ (8×1)", "xᵀ (1×20)", "Wᵀ (20×8)", "f′(z) (8×1)"} <= labels


def test_delta_x_transposed_is_the_weights_gradient(scorer):
    tasks, tiles = scorer
    assembly = Assembly(tiles)
    for token in ("δ", "·", "xᵀ"):
        assembly.place(token)
    assert assembly.check(tasks["∂s/∂W (8×20)"]) == (
        True, "correct: ∂s/∂W (8×20) = δ · xᵀ (8×20)")


def test_a_non_conforming_product_is_refused_with_both_shapes(scorer):
    tasks, tiles = scorer
    assembly = Assembly(tiles)
    assembly.place("xᵀ")
    assembly.place("·")
    with pytest.raises(DrillError, match=r"xᵀ \(1×20\) · δ \(8×1\) does not conform"):
        assembly.place("δ")
    assert assembly.text == "xᵀ ·"  # nothing placed
    with pytest.raises(DrillError, match="needs a tile on its left"):
        Assembly(tiles).place("∘")


def test_a_conforming_product_of_the_wrong_shape_or_numbers_is_named(scorer):
    tasks, tiles = scorer
    assembly = Assembly(tiles)
    for token in ("Wᵀ", "·", "δ_c"):  # the corrupt window's δ: same shape, other numbers
        assembly.place(token)
    ok, message = assembly.check(tasks["∂s/∂x (20)"])
    assert not ok and message == "the shape is right (20×1) but not the numbers"
    assembly.clear()
    assembly.place("δ")
    ok, message = assembly.check(tasks["∂s/∂W (8×20)"])
    assert not ok and "δ is 8×1, but ∂s/∂W (8×20) is 8×20" in message


def test_elementwise_delta_and_the_classifier(scorer):
    tasks, tiles = scorer
    assembly = Assembly(tiles)
    for token in ("∂s/∂h", "∘", "f′(z)"):
        assembly.place(token)
    assert assembly.check(tasks["δ (8)"])[0]
    assembly.place("∘")
    with pytest.raises(DrillError, match="∘ needs two arrays of one shape"):
        assembly.place("xᵀ")
    lesson = WindowClassifierLesson()
    tasks, tiles = drill_tasks(lesson.record(), lesson.output)
    assert [task.answer for task in tasks] == ["∂J/∂f · xᵀ", "Wᵀ · ∂J/∂f"]


def test_an_expression_has_nothing_to_drill():
    lesson = ExpressionLesson()
    assert drill_tasks(lesson.record(), lesson.output) == ((), ())
