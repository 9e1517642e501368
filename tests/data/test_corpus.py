"""Reading a corpus: the tokeniser's rules, the shipped corpus, and every bad file's message."""

from pathlib import Path

import numpy as np
import pytest

from bpviz.data import corpus as corpus_module
from bpviz.data.corpus import (
    MAX_WORD_CHARS, SHIPPED_CORPUS, corpus_from_text, load_corpus, normal_case, shipped_corpus,
    tokenise,
)
from bpviz.data.errors import DataFormatError
from bpviz.errors import BpvizError


def test_words_are_lower_cased_and_punctuation_separates_them():
    assert tokenise("Don't watch TV, said Anna's mum; twenty-one (or so)!") == [
        ["don't", "watch", "TV", "said", "anna's", "mum", "twenty-one", "or", "so"]]


@pytest.mark.parametrize("word, kept", [("TV", "TV"), ("UK", "UK"), ("BBC2", "BBC2"), ("Tv", "tv"),
                                        ("I", "i"), ("The", "the"), ("A", "a"), ("2026", "2026")])
def test_only_acronyms_of_two_or_more_capitals_keep_their_case(word, kept):
    assert normal_case(word) == kept


def test_sentences_end_at_stops_and_blank_lines_not_at_a_single_line_break():
    text = "The cat sat\non the mat. A dog?\n\nYes\n   \nno"
    assert tokenise(text) == [["the", "cat", "sat", "on", "the", "mat"], ["a", "dog"], ["yes"],
                              ["no"]]


def test_apostrophes_and_hyphens_stay_only_between_letters_or_digits():
    assert tokenise("'quoted' rock- -roll don\u2019t \u2018tis a--b") == [
        ["quoted", "rock", "roll", "don't", "tis", "a", "b"]]


def test_a_word_longer_than_the_limit_is_skipped_and_counted():
    corpus = corpus_from_text("see " + "x" * (MAX_WORD_CHARS + 1) + " here " + "y" * MAX_WORD_CHARS)
    assert corpus.tokens() == ["see", "here", "y" * MAX_WORD_CHARS]
    assert corpus.skipped == 1


def test_a_corpus_holds_word_ids_in_order_of_first_appearance_and_sentence_numbers():
    corpus = corpus_from_text("b a b. c\n\na")
    assert corpus.words == ("b", "a", "c")
    np.testing.assert_array_equal(corpus.ids, [0, 1, 0, 2, 1])
    np.testing.assert_array_equal(corpus.sentence, [0, 0, 0, 1, 2])
    assert len(corpus) == 5 and corpus.sentences == 3


def test_a_file_loads_streamed_with_crlf_and_a_bom(tmp_path):
    path = tmp_path / "c.txt"
    path.write_bytes(b"\xef\xbb\xbfOne TV.\r\nTwo telly\r\n")
    corpus = load_corpus(path)
    assert corpus.tokens() == ["one", "TV", "two", "telly"] and corpus.name == "c.txt"
    assert corpus.sentences == 2


def _error(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DataFormatError) as caught:
        load_corpus(path)
    assert isinstance(caught.value, BpvizError)
    return str(caught.value)


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"... !!! ???\n"])
def test_a_file_without_words_says_so(tmp_path, content):
    assert _error(tmp_path, content) == (f"{tmp_path / 'bad.txt'}: has no words; a corpus is "
                                         "plain text (UTF-8) with at least two different words")


def test_a_file_of_one_distinct_word_says_which(tmp_path):
    message = _error(tmp_path, b"Hello hello. Hello? hello")
    assert message.endswith("has only one distinct word ('hello'); word vectors need at least two")


def test_a_binary_file_is_refused_as_binary_with_its_line(tmp_path):
    message = _error(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "line 3: has a NUL byte: this looks like a binary file" in message


def test_a_nul_byte_past_the_first_block_is_found_too(tmp_path):
    message = _error(tmp_path, b"word and word\n" * 1000 + b"late\x00byte\n")
    assert ", line 1001: has a NUL byte" in message


def test_a_file_that_is_not_utf8_names_the_line_and_byte(tmp_path):
    message = _error(tmp_path, "the caf\u00e9\nis open\non Monday caf\u00e9".encode("latin-1"))
    assert message.startswith(f"{tmp_path / 'bad.txt'}, line 1: byte 0xe9 is not UTF-8 text")


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_module, "MAX_BYTES", 1024 * 1024)
    message = _error(tmp_path, b"word " * 300_000)
    assert message.endswith("is too large (1.4 MB); a corpus is at most 1 MB")


def test_more_words_than_the_limit_are_refused_at_their_line(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_module, "MAX_TOKENS", 5)
    message = _error(tmp_path, b"one two\nthree four\nfive six\nseven\n")
    assert message == (f"{tmp_path / 'bad.txt'}, line 3: the corpus has more than 5 words; "
                       "use a shorter text")


def test_a_missing_file_and_a_folder_are_named(tmp_path):
    with pytest.raises(DataFormatError, match="no such file"):
        load_corpus(tmp_path / "missing.txt")
    with pytest.raises(DataFormatError, match="is a folder"):
        load_corpus(tmp_path)


def test_the_shipped_corpus_has_a_few_thousand_words_and_every_group():
    corpus = shipped_corpus()
    assert 2_500 <= len(corpus) <= 10_000
    words = set(corpus.words)
    groups = {"days": "monday tuesday wednesday thursday friday saturday sunday",
              "numbers": "one two three four five six seven eight nine ten",
              "countries": "france italy spain germany japan egypt peru canada kenya portugal",
              "capitals": "paris rome madrid berlin tokyo cairo lima ottawa nairobi lisbon",
              "animals": "dog cat horse cow sheep goat pig hen duck rabbit fox owl mouse",
              "screens": "TV telly television"}
    for group, members in groups.items():
        missing = set(members.split()) - words
        assert not missing, f"{group}: {missing}"
    counts = {word: corpus.tokens().count(word) for word in ("TV", "telly", "television")}
    assert min(counts.values()) >= 20, counts


def test_the_shipped_corpus_loads_the_same_every_time():
    first, second = shipped_corpus(), load_corpus(SHIPPED_CORPUS)
    assert first.words == second.words
    np.testing.assert_array_equal(first.ids, second.ids)
    np.testing.assert_array_equal(first.sentence, second.sentence)


def test_progress_is_reported_as_the_share_of_the_file_read(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_module, "PROGRESS_LINES", 10)
    path = tmp_path / "long.txt"
    path.write_text("a cat and a dog\n" * 100, encoding="utf-8")
    shares = []
    assert len(load_corpus(path, shares.append)) == 500
    assert len(shares) == 10 and shares == sorted(shares) and 0 < shares[-1] <= 1


def test_an_exception_from_progress_stops_the_read(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_module, "PROGRESS_LINES", 1)
    path = tmp_path / "c.txt"
    path.write_text("a b\nc d\n", encoding="utf-8")

    def cancel(share):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_corpus(path, cancel)
