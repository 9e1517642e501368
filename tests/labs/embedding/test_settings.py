"""Every setting of the embedding lab is checked, with a message naming it."""

import pytest

from bpviz.labs.embedding.settings import EmbeddingSpec
from bpviz.training.choices import SettingError


@pytest.mark.parametrize("setting, value, rule", [
    ("dimension", 0, "a whole number from 1 to 300"), ("window", 11, "from 1 to 10"),
    ("negatives", 2.0, "from 1 to 20"), ("batch_size", 0, "from 1 to 4,096"),
    ("min_count", 0, "from 1 to 1,000"), ("max_words", 1, "from 2 to 5,000"),
    ("subsample", 1.5, "in [0, 1]"), ("sgns_lr", 0, "in (0, 100]"),
    ("glove_lr", float("nan"), "in (0, 100]"), ("weighting", "log", "one of distance, flat"),
    ("x_max", -1, "in (0, 1e6]"), ("alpha", True, "in [0, 10]"),
])
def test_a_setting_out_of_range_names_itself_and_its_rule(setting, value, rule):
    with pytest.raises(SettingError) as caught:
        EmbeddingSpec(**{setting: value})
    message = str(caught.value)
    assert message.startswith(f"{setting} must be ") and rule in message, message


def test_changed_names_the_settings_that_differ():
    assert EmbeddingSpec().changed(EmbeddingSpec(window=3, sgns_lr=0.2)) == {"window", "sgns_lr"}
