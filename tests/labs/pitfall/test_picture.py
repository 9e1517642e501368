"""What the page draws: the boundary segment lies on w·x + c = 0 inside the box, the grid
is the run's P(screen), the box holds every word."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.labs.pitfall import PitfallSession
from bpviz.labs.pitfall.picture import boundary_segment, screen_grid, word_extent


@pytest.fixture(scope="module")
def session() -> PitfallSession:
    session = PitfallSession(0)
    session.step(60)
    return session


def test_the_boundary_segment_is_on_the_boundary_and_in_the_box(session):
    run, extent = session.runs["freeze"], session.extent()
    segment = boundary_segment(run, extent)
    w, c = run.boundary()
    assert segment is not None and np.allclose(segment @ w + c, 0, atol=1e-9)
    x0, x1, y0, y1 = extent
    assert np.all((segment[:, 0] >= x0 - 1e-9) & (segment[:, 0] <= x1 + 1e-9))
    assert np.all((segment[:, 1] >= y0 - 1e-9) & (segment[:, 1] <= y1 + 1e-9))
    assert np.linalg.norm(segment[1] - segment[0]) > 0
    p = run.probabilities(segment.mean(axis=0))[0]
    assert np.isclose(p[0], 0.5)


def test_a_boundary_outside_the_box_is_none(session):
    run = session.runs["freeze"]
    w, c = run.boundary()
    far = (1000.0, 1001.0, 1000.0, 1001.0)
    assert (w @ np.array([1000.5, 1000.5]) + c != 0) and boundary_segment(run, far) is None


def test_the_grid_is_the_runs_probability_with_row_0_at_the_bottom(session):
    run, extent = session.runs["fine_tune"], session.extent()
    grid = screen_grid(run, extent, 5)
    x0, x1, y0, y1 = extent
    assert np.isclose(grid[0, 0], run.probabilities(np.array([x0, y0]))[0, 0])
    assert np.isclose(grid[-1, 0], run.probabilities(np.array([x0, y1]))[0, 0])


def test_the_box_is_square_and_holds_every_word_and_trail(session):
    x0, x1, y0, y1 = session.extent()
    assert np.isclose(x1 - x0, y1 - y0)
    for name in session.runs:
        _, points = session.points(name)
        assert np.all((points[:, 0] > x0) & (points[:, 0] < x1))
        assert np.all((points[:, 1] > y0) & (points[:, 1] < y1))
    assert word_extent([np.zeros((1, 2))])[1] > 0  # one point still gets a box
