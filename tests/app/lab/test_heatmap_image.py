"""Probabilities to colours: a sure cell shows its class's faded colour, a doubtful one the mix."""

from __future__ import annotations

import numpy as np

from bpviz.app.lab.heatmap_image import argmax_image, blended_image, diverging_image, rgb

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
