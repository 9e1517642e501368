"""Probabilities to colours: a sure cell shows its class's faded colour, a doubtful one the mix."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.app.labs.boundary.heatmap_image import (
    argmax_image, blended_image, density_image, diverging_image, hard_image, rgb,
)

COLOURS = rgb(["#ff0000", "#0000ff"])


def test_a_sure_cell_is_its_class_colour_and_a_tie_the_mix():
    probabilities = np.array([[[1.0, 0.0], [0.5, 0.5]]], dtype=np.float32)
    image = blended_image(probabilities, COLOURS, "#000000", 1.0)
    assert image.shape == (1, 2, 3) and image.dtype == np.uint8
    assert image[0, 0].tolist() == [255, 0, 0]
    assert image[0, 1].tolist() == [127, 0, 127]


def test_strength_fades_towards_the_background():
    probabilities = np.array([[[0.0, 1.0]]], dtype=np.float32)
    assert blended_image(probabilities, COLOURS, "#ffffff", 0.0)[0, 0].tolist() == [255, 255, 255]
    assert blended_image(probabilities, COLOURS, "#ffffff", 0.5)[0, 0].tolist() == [127, 127, 255]


def test_argmax_cells_take_their_class_colour():
    image = argmax_image(np.array([[0, 1]]), COLOURS, "#000000", 1.0)
    assert image[0].tolist() == [[255, 0, 0], [0, 0, 255]]


def test_diverging_scale_is_centred_at_zero_and_scaled_by_the_largest_size():
    image = diverging_image(np.array([[-2.0, 0.0, 1.0]]), "#0000ff", "#ffffff", "#ff8000")
    assert image[0, 0].tolist() == [0, 0, 255]
    assert image[0, 1].tolist() == [255, 255, 255]
    assert image[0, 2].tolist() == [255, 191, 127]
    assert diverging_image(np.zeros((2, 2)), "#0000ff", "#ffffff", "#ff8000").max() == 255


def test_hard_regions_blend_only_at_their_edge_which_falls_where_the_classes_tie():
    # Two classes along x: p(blue) rises linearly and ties with red at x = 10.3 cells.
    xs = np.arange(24, dtype=np.float32)
    blue = np.clip(0.5 + 0.04 * (xs - 10.3), 0, 1)
    probabilities = np.broadcast_to(np.stack([1 - blue, blue], axis=-1), (5, 24, 2)).copy()
    argmax = probabilities.argmax(axis=-1)
    image = hard_image(probabilities, argmax, COLOURS, "#000000", 1.0).astype(int)
    plain = argmax_image(argmax, COLOURS, "#000000", 1.0).astype(int)
    assert (image[:, :9] == plain[:, :9]).all() and (image[:, 12:] == plain[:, 12:]).all()
    row = image[2]
    # Each cell's share of blue grows with its distance past the tie: 0.5 right there.
    shares = row[8:13, 2] / 255
    assert shares.tolist() == sorted(shares.tolist())
    assert shares[2] == pytest.approx(0.5 - 0.5 * 0.3, abs=0.01)  # x = 10, 0.3 before the tie
    assert shares[3] == pytest.approx(0.5 + 0.5 * 0.7, abs=0.01)  # x = 11, 0.7 past it
    assert (hard_image(probabilities[:, :, :1], argmax * 0, COLOURS, "#000000", 1.0)
            == argmax_image(argmax * 0, COLOURS, "#000000", 1.0)).all()  # one class: no edge


def test_both_plots_asking_for_one_density_image_get_it_computed_once():
    counts = np.zeros((4, 4, 2), dtype=np.int64)
    counts[0, 0, 0], counts[1, 2, 1] = 3, 1
    first = density_image(counts, COLOURS)
    assert density_image(counts, COLOURS) is first and not first.flags.writeable
    assert first[0, 0].tolist()[:3] == [255, 0, 0] and first[3, 3, 3] == 0
    other = density_image(counts, rgb(["#00ff00", "#0000ff"]))  # another theme's colours
    assert other is not first and other[0, 0].tolist()[:3] == [0, 255, 0]
    same_numbers = counts.copy()  # new counts (a new data set): computed again
    assert density_image(same_numbers, COLOURS) is not first
