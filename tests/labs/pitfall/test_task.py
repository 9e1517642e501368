"""The task keeps the lecture's story: TV and telly train, television only tests."""

from __future__ import annotations

from bpviz.labs.pitfall.pretrained import MIN_COUNT
from bpviz.labs.pitfall.task import HELD_OUT, LARGE_TRAIN, SMALL_TRAIN, TEST
from bpviz.data.corpus import shipped_corpus
from bpviz.data.vocabulary import build_vocabulary


def words(examples) -> set[str]:
    return {e.word for e in examples}


def test_television_is_in_no_small_training_sentence_but_in_the_test_and_the_large_set():
    assert {"TV", "telly"} <= words(SMALL_TRAIN)
    assert not any(HELD_OUT in e.sentence.lower() for e in SMALL_TRAIN)
    assert HELD_OUT in words(TEST) and HELD_OUT in words(LARGE_TRAIN)
    assert len(LARGE_TRAIN) > 3 * len(SMALL_TRAIN)


def test_every_topic_word_has_a_pretrained_vector():
    vocabulary = build_vocabulary(shipped_corpus(), MIN_COUNT)
    assert words(SMALL_TRAIN) | words(TEST) | words(LARGE_TRAIN) <= set(vocabulary.words)
