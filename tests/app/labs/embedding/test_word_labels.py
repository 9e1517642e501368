"""Word labels: laid out once, placed without overlaps in a fixed order, the chosen and
highlighted words always; their size in pixels whatever the zoom."""

import numpy as np

from bpviz.app.labs.embedding.word_labels import CHOSEN, KEPT, NORMAL, displaced, placed_labels


def boxes_meet(a, b, sizes) -> bool:
    (ia, (xa, ya)), (ib, (xb, yb)) = a, b
    wa, ha = sizes[ia]
    wb, hb = sizes[ib]
    return xa < xb + wb and xb < xa + wa and ya < yb + hb and yb < ya + ha


def test_overlapping_labels_are_left_out_the_styled_ones_never():
    # Five labels stacked almost on one point, one far away.
    anchors = np.array([[10.0, 10.0], [12.0, 11.0], [11.0, 12.0], [300.0, 40.0],
                        [10.0, 13.0], [11.0, 10.0]])
    styles = np.array([NORMAL, NORMAL, KEPT, NORMAL, CHOSEN, KEPT])
    sizes = np.full((6, 2), (40.0, 12.0))
    placed = placed_labels(anchors, styles, sizes)
    order = [index for index, _ in placed]
    assert order[:3] == [4, 2, 5]  # the chosen word, then the kept ones, in order
    assert 3 in order and 0 not in order and 1 not in order
    normal = [p for p in placed if styles[p[0]] == NORMAL]
    for one in normal:
        for other in placed:
            assert one is other or not boxes_meet(one, other, sizes)
    assert placed_labels(anchors, styles, sizes) == placed  # the same every time


def test_labels_with_room_are_all_drawn_and_non_finite_ones_never():
    anchors = np.array([[0.0, 0.0], [0.0, 30.0], [np.nan, 5.0], [100.0, 0.0]])
    styles = np.array([NORMAL, NORMAL, KEPT, NORMAL])
    placed = placed_labels(anchors, styles, np.full((4, 2), (50.0, 12.0)))
    assert [index for index, _ in placed] == [0, 1, 3]
    assert placed[0][1] == (4.0, -6.0)  # 4 px right of its point, centred on it


def test_a_label_that_would_leave_the_view_goes_where_it_stays_inside():
    anchors = np.array([[95.0, 50.0], [2.0, 50.0]])  # near the right edge, near the left
    sizes = np.full((2, 2), (40.0, 12.0))
    placed = dict(placed_labels(anchors, np.array([NORMAL, KEPT]), sizes, (0, 0, 100, 100)))
    assert placed[0] == (95.0 - 4 - 40, 44.0)  # left of its point: right would leave
    assert placed[1] == (6.0, 44.0)             # right of it, as usual
    cramped = dict(placed_labels(anchors[1:], np.array([KEPT]), sizes[1:], (0, 0, 30, 100)))
    assert cramped[0] == (6.0, 44.0)  # no place fits: a kept label is drawn right anyway


def test_highlighted_labels_on_one_spot_are_stacked_apart_with_no_overlap():
    # Early in training the centre word, its context and five negatives sit on one dot.
    anchors = np.full((8, 2), 50.0)
    styles = np.array([CHOSEN] + [KEPT] * 6 + [NORMAL])
    sizes = np.full((8, 2), (40.0, 12.0))
    placed = placed_labels(anchors, styles, sizes, (0, 0, 200, 200))
    assert [index for index, _ in placed] == list(range(7))  # the plain one has no room
    for position, one in enumerate(placed):
        for other in placed[position + 1:]:
            assert not boxes_meet(one, other, sizes)
    # Right and left of the dot first (above and below would meet those), then stacked
    # a line up, a line down, two up, … each with a leader line to the dot.
    assert [corner for _, corner in placed] == [(54.0, 44.0), (6.0, 44.0), (54.0, 30.0),
                                                (54.0, 58.0), (54.0, 16.0), (54.0, 72.0),
                                                (54.0, 2.0)]
    assert [displaced((50.0, 50.0), corner, (40.0, 12.0)) for _, corner in placed] == \
        [False, False, True, True, True, True, True]
