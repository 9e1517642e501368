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


def place_all(assembly, *tokens):
    for token in tokens:
        assembly.place(token)
    return assembly


def test_the_loss_level_weight_gradient_adds_both_windows(scorer):
    tasks, tiles = scorer
    task = tasks["∂J/∂W (8×20)"]
    assert task.answer == "∂J/∂s × δ · xᵀ + ∂J/∂s_c × δ_c · x_cᵀ"
    assembly = place_all(Assembly(tiles), "∂J/∂s", "×", "δ", "·", "xᵀ", "+",
                         "∂J/∂s_c", "×", "δ_c", "·", "x_cᵀ")
    assert assembly.check(task) == (True, f"correct: ∂J/∂W (8×20) = {task.answer} (8×20)")
    one_path = place_all(Assembly(tiles), "∂J/∂s", "×", "δ", "·", "xᵀ")
    assert one_path.check(task) == (False, "the shape is right (8×20) but not the numbers")
    assert one_path.check(tasks["∂J/∂W via Wx (8×20)"])[0]  # one window's path alone


def test_numbers_multiply_with_times_and_a_sum_needs_one_shape(scorer):
    tasks, tiles = scorer
    assert {"∂J/∂s (scalar)", "∂J/∂s_c (scalar)"} <= {tile.label for tile in tiles}
    with pytest.raises(DrillError, match=r"δ \(8×1\) × xᵀ \(1×20\): × takes a number"):
        place_all(Assembly(tiles), "δ", "×", "xᵀ")
    with pytest.raises(DrillError, match="∂J/∂s is a number: multiply by it with ×, not ·"):
        place_all(Assembly(tiles), "∂J/∂s", "·", "δ")
    with pytest.raises(DrillError, match=r"δ · xᵀ \(8×20\) \+ δ_c \(8×1\): \+ adds arrays"):
        place_all(Assembly(tiles), "δ", "·", "xᵀ", "+", "δ_c", "+")
    short = place_all(Assembly(tiles), "∂J/∂s", "×", "δ", "·", "xᵀ", "+", "δ_c")
    ok, message = short.check(tasks["∂J/∂W (8×20)"])
    assert not ok and message.endswith("δ_c (8×1): + adds arrays of one shape")
    with pytest.raises(DrillError, match=r"\+ needs a tile on its left"):
        Assembly(tiles).place("+")
    assert place_all(Assembly(tiles), "∂J/∂s", "×", "h", "+", "∂J/∂s_c", "×", "h_c").check(
        tasks["∂J/∂u (8)"])[0]


@pytest.mark.parametrize(("model", "name", "answer"), [
    ("skipgram", "∂J/∂v_c (2)", "Uᵀ · ∂J/∂Uv_c + ∂J/∂uₒᵀv_c × u_o"),
    ("sgns", "∂J/∂v_c (2)", "∂J/∂uₒᵀv_c × u_o + u_kᵀ · ∂J/∂uₖᵀv_c"),
    ("sgns", "∂J/∂u_k (3×2)", "∂J/∂uₖᵀv_c · v_cᵀ"),
    ("glove", "∂J/∂W (8×2)", "∂J/∂WW̃ᵀ · W̃"),
    ("glove", "∂J/∂b̃ (8)", "1ᵀ · ∂J/∂(WW̃ᵀ + b + b̃)"),  # a sum of rows: the ledger's row
])
def test_the_word_vector_objectives_drill_with_the_same_engine(model, name, answer):
    from bpviz.models.word_model_choices import build_word_model
    tasks, tiles = drill_tasks(build_word_model(model).record(), "J")
    task = {task.name: task for task in tasks}[name]
    assert task.answer == answer
    names = sorted((tile.name for tile in tiles), key=len, reverse=True)
    assembly, rest = Assembly(tiles), answer
    while rest:  # the answer's tokens, longest tile name first
        token = next(t for t in (*names, "·", "∘", "×", "+") if rest.startswith(t))
        assembly.place(token)
        rest = rest[len(token):].lstrip(" ")
    assert assembly.check(task)[0]
    assert len({task.answer for task in tasks}) == len(tasks)  # each assembly asked once


def test_no_task_is_offered_its_own_tile():
    tasks, tiles = drill_tasks(WindowScorerLesson().record())
    delta_c = next(task for task in tasks if task.name == "δ_c (8)")
    assert delta_c.own == "δ_c" and "δ_c" in [tile.name for tile in tiles]
    offered = delta_c.tiles(tiles)
    assert "δ_c" not in [tile.name for tile in offered] and len(offered) == len(tiles) - 1
    assembly = Assembly(offered)
    with pytest.raises(DrillError, match="no tile 'δ_c'"):
        assembly.place("δ_c")
    for task in tasks:
        assert task.own not in [tile.name for tile in task.tiles(tiles)]
