"""Arrays, generators and settings written as JSON values and read back exactly."""

import json

import numpy as np
import pytest

from bpviz.labs.boundary.settings import DataSpec, NetSpec
from bpviz.sessions import SessionFileError
from bpviz.sessions.settings_codec import decode_settings, encode_settings
from bpviz.sessions.values import (
    decode_array, decode_generator, encode_array, encode_generator, need_int,
)


def through_json(value):
    return json.loads(json.dumps(value))


def test_floats_come_back_bit_for_bit():
    tricky = np.array([[0.1, -0.0, 5e-324], [np.pi, 1e308, -1 / 3]])
    back = decode_array(through_json(encode_array(tricky)), "a")
    assert back.tobytes() == tricky.tobytes() and back.dtype == tricky.dtype
    back.flat[0] = 2.0  # a writable copy, not a view of the file's bytes


@pytest.mark.parametrize("array", [np.arange(6, dtype=np.int64).reshape(2, 3),
                                   np.ones(3, np.float32), np.zeros((0, 2))])
def test_dtypes_and_shapes_are_kept(array):
    back = decode_array(through_json(encode_array(array)), "a")
    assert back.dtype == array.dtype and back.shape == array.shape
    assert np.array_equal(back, array)


def test_a_generator_draws_on_exactly_as_the_saved_one():
    rng = np.random.default_rng(42)
    rng.normal(size=3)
    again = decode_generator(through_json(encode_generator(rng)), "rng")
    assert np.array_equal(rng.permutation(50), again.permutation(50))


def test_settings_round_trip_and_refuse_wrong_types():
    spec = DataSpec(kind="gauss", points=40, noise=None, classes=4, seed=9)
    assert decode_settings(DataSpec, through_json(encode_settings(spec)), "s") == spec
    net = NetSpec((3, 4), "relu")
    assert decode_settings(NetSpec, encode_settings(net), "n") == net
    with pytest.raises(SessionFileError, match="n.hidden\\[1\\]: a whole number expected"):
        decode_settings(NetSpec, {"hidden": [3, "4"]}, "n")
    with pytest.raises(SessionFileError, match="s.points: a whole number expected"):
        decode_settings(DataSpec, {"points": True}, "s")


def test_a_huge_shape_is_refused_before_decoding():
    with pytest.raises(SessionFileError, match="at most"):
        decode_array({"dtype": "float64", "shape": [10**6, 10**6], "data": ""}, "a")
    with pytest.raises(SessionFileError, match="a: a whole number from 0 to 3"):
        need_int(4, "a", 0, 3)
