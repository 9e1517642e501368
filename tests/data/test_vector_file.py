"""The word2vec text format: saving all or nothing, loading with or without a header,
and a message naming the line of every malformed row."""

import numpy as np
import pytest

from bpviz.data.errors import DataFormatError, FileWriteError
from bpviz.data.vector_file import load_vectors, save_vectors, vectors_text


def test_the_text_is_a_header_then_a_word_and_its_numbers_a_line():
    text = vectors_text(["TV", "telly"], np.array([[0.5, -1.25], [1e-9, 3.0]]))
    assert text == "2 2\nTV 0.5 -1.25\ntelly 1e-09 3\n"
    assert vectors_text(["a"], np.array([[1.0]]), header=False) == "a 1\n"


def test_saved_vectors_load_back_exactly_at_float32(tmp_path):
    vectors = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
    path = save_vectors(tmp_path / "v.txt", ["a", "b", "TV", "don't"], vectors)
    loaded = load_vectors(path)
    assert loaded.words == ("a", "b", "TV", "don't") and loaded.dimension == 3
    np.testing.assert_array_equal(loaded.vectors.astype(np.float32), vectors)


def test_a_glove_file_without_header_loads_and_keep_picks_words(tmp_path):
    path = tmp_path / "glove.txt"
    path.write_text("the 0.1 0.2\ncat -1 2e3\n\ndog 3 4\n", encoding="utf-8")
    loaded = load_vectors(path)
    assert loaded.words == ("the", "cat", "dog")
    np.testing.assert_array_equal(loaded.vectors, [[0.1, 0.2], [-1, 2000], [3, 4]])
    kept = load_vectors(path, keep={"dog", "the"})
    assert kept.words == ("the", "dog")
    assert load_vectors(path, keep=set()).vectors.shape == (0, 2)


@pytest.mark.parametrize("text, message", [
    ("a 1 2\nb 1 2 3\n", "v.txt, line 2: expected 2 values after 'b', found 3"),
    ("2 2\na 1 2\nb 1\n", "v.txt, line 3: expected 2 values after 'b', found 1"),
    ("a 1 2\nb 1 two\n", "v.txt, line 2: 'two' is not a number"),
    ("a 1 nan\n", "v.txt, line 1: 'nan' is not a finite number"),
    ("a 1 2\n\na 3 4\n", "v.txt, line 3: the word 'a' is given twice"),
    ("3 2\na 1 2\nb 3 4\n", "v.txt, line 1: the header says 3 words, the file has 2"),
    ("word\n", "v.txt, line 1: a word and 1 to 1,000 numbers expected, found 0 values"),
    ("", "v.txt: has no word vectors; each line is a word and its numbers"),
    ("1 5000\n", "v.txt, line 1: the header gives 5000 dimensions; vectors have 1 to 1,000"),
])
def test_a_malformed_file_names_the_line_and_the_problem(tmp_path, text, message):
    path = tmp_path / "v.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFormatError) as caught:
        load_vectors(path)
    assert str(caught.value) == f"{tmp_path}/{message}"


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "v.txt"
    path.write_bytes(b"a 1 2\ncaf\xe9 1 2\n")
    with pytest.raises(DataFormatError, match="line 2: byte 0xe9 is not UTF-8"):
        load_vectors(path)


def test_saving_over_a_folder_fails_and_words_with_spaces_are_refused(tmp_path):
    with pytest.raises(FileWriteError, match="cannot be written"):
        save_vectors(tmp_path, ["a"], np.zeros((1, 2)))
    with pytest.raises(ValueError, match="no spaces"):
        vectors_text(["new york"], np.zeros((1, 2)))
    with pytest.raises(ValueError):
        vectors_text(["a", "b"], np.zeros((1, 2)))


def test_more_lines_than_the_limit_are_refused_at_the_first_too_many(tmp_path, monkeypatch):
    from bpviz.data import vector_file
    monkeypatch.setattr(vector_file, "MAX_ROWS", 2)
    path = tmp_path / "v.txt"
    path.write_text("3 1\na 1\nb 2\nc 3\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as caught:
        load_vectors(path)
    assert str(caught.value) == (f"{path}, line 4: more than 2 words; "
                                 "a vector file has at most that many")
