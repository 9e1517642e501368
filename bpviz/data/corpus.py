"""A corpus for word vectors: plain UTF-8 text read into sentences of words.

Tokens are runs of letters and digits; an apostrophe or hyphen between two of them
stays inside the word ("don't", "twenty-one"), every other character separates words.
Words are lower-cased, except a word of two or more letters written all in capitals
("TV", "UK"), which keeps its case, so that "TV" stays recognisable beside "telly".
A sentence ends at ".", "!" or "?" and at a blank line; a single line break is a space.
The file is read a block at a time and refused, with its line, past MAX_TOKENS.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bpviz.data.errors import DataFormatError
from bpviz.data.text_file import text_lines

MAX_BYTES = 16 * 1024 * 1024  # a corpus file; the longest novels are about 4 MB
MAX_TOKENS = 500_000  # words in a corpus: counting X with a window of 10 sorts 10M keys (80 MB)
MAX_WORD_CHARS = 64  # a longer "word" (a URL, a hash) is skipped and counted
PROGRESS_LINES = 2_000  # lines between two calls of load_corpus's progress
SNIFF_BYTES = 8192  # read first to tell a binary file (a NUL byte) from text
SENTENCE_ENDS = frozenset(".!?")
JOINERS = "'-"  # kept inside a word, between letters or digits
APOSTROPHES = {"\u2019": "'", "\u2018": "'"}  # typographic apostrophes read as '
SHIPPED_CORPUS = Path(__file__).resolve().parents[2] / "assets" / "corpus" / "village.txt"


@dataclass(frozen=True)
class Corpus:
    """A text as word ids: `ids[t]` is token t's index into `words` (the distinct words in
    order of first appearance) and `sentence[t]` the sentence it belongs to (0, 1, …).
    `skipped` counts words longer than MAX_WORD_CHARS that were left out."""

    name: str
    words: tuple[str, ...]
    ids: np.ndarray
    sentence: np.ndarray
    skipped: int = 0

    def __len__(self) -> int:
        """How many tokens the corpus has."""
        return len(self.ids)

    def tokens(self) -> list[str]:
        """The corpus's words in order (for tests and small corpora)."""
        return [self.words[i] for i in self.ids]

    @property
    def sentences(self) -> int:
        """How many sentences the corpus has."""
        return int(self.sentence[-1]) + 1 if len(self.sentence) else 0


def normal_case(word: str) -> str:
    """A word as the corpus keeps it: lower case, unless it is an acronym like "TV"."""
    if not word.isupper():  # the usual case, decided without counting letters
        return word.lower()
    return word if sum(ch.isalpha() for ch in word) >= 2 else word.lower()


class Tokeniser:
    """Splits text fed line by line into sentences of words (see the module's rules)."""

    def __init__(self) -> None:
        self.sentences: list[list[str]] = []
        self.skipped = 0
        self._current: list[str] = []
        self._count = 0  # words read, in closed sentences and the open one

    def feed(self, line: str) -> None:
        """Add one line of text (without its line end)."""
        if not line.strip():
            self.end_sentence()
            return
        for chunk in line.split():
            if chunk.isalnum() and len(chunk) <= MAX_WORD_CHARS:  # most words: nothing to split
                self._current.append(normal_case(chunk))
                self._count += 1
            else:
                self._feed_chunk(chunk)

    def _feed_chunk(self, chunk: str) -> None:
        """Split a run of non-space characters into words, ending sentences at stops."""
        word: list[str] = []
        for ch in chunk:
            ch = APOSTROPHES.get(ch, ch)
            if ch.isalnum():
                word.append(ch)
                continue
            if ch in JOINERS and word and word[-1].isalnum():
                word.append(ch)  # dropped again below unless a letter or digit follows
                continue
            self._add("".join(word))
            word = []
            if ch in SENTENCE_ENDS:
                self.end_sentence()
        self._add("".join(word))

    def end_sentence(self) -> None:
        """Close the sentence being read, if it has words."""
        if self._current:
            self.sentences.append(self._current)
            self._current = []

    def finish(self) -> list[list[str]]:
        """Every sentence read, the last one closed."""
        self.end_sentence()
        return self.sentences

    def pending(self) -> int:
        """Words read so far, in closed sentences and the open one."""
        return self._count

    def _add(self, word: str) -> None:
        word = word.rstrip(JOINERS)  # a joiner counts only between two characters
        if not word:
            return
        if len(word) > MAX_WORD_CHARS:
            self.skipped += 1
            return
        self._current.append(normal_case(word))
        self._count += 1


def tokenise(text: str) -> list[list[str]]:
    """The sentences of `text`, each a list of words, by the module's rules."""
    tokeniser = Tokeniser()
    for line in text.split("\n"):
        tokeniser.feed(line)
    return tokeniser.finish()


def corpus_from_sentences(sentences: list[list[str]], name: str = "text",
                          skipped: int = 0) -> Corpus:
    """A Corpus of already tokenised sentences (empty sentences are left out)."""
    index: dict[str, int] = {}
    ids: list[int] = []
    lengths: list[int] = []
    for words in sentences:
        if words:
            # setdefault gives a new word the next id: len(index) before it was added
            ids.extend([index.setdefault(word, len(index)) for word in words])
            lengths.append(len(words))
    sentence = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    return Corpus(name, tuple(index), np.asarray(ids, dtype=np.int32),
                  np.asarray(sentence, dtype=np.int32), skipped)


def corpus_from_text(text: str, name: str = "text") -> Corpus:
    """A Corpus of `text` (no limits checked: for tests and built-in text)."""
    tokeniser = Tokeniser()
    for line in text.split("\n"):
        tokeniser.feed(line)
    return corpus_from_sentences(tokeniser.finish(), name, tokeniser.skipped)


def load_corpus(path: str | os.PathLike[str],
                progress: Callable[[float], None] | None = None) -> Corpus:
    """The corpus in the UTF-8 text file at `path`, or a DataFormatError saying what is wrong
    and where: no such file, too large, binary, not UTF-8, too many words, no words, or only
    one distinct word. `progress`, if given, is called with the share of the file read so
    far every PROGRESS_LINES lines (an exception it raises, e.g. to cancel, stops the read)."""
    _check_file(path)
    tokeniser = Tokeniser()
    with text_lines(path) as lines:
        for number, line in enumerate(lines, start=1):
            if "\x00" in line:
                raise _binary(path, number)
            if progress is not None and number % PROGRESS_LINES == 0:
                progress(lines.fraction())
            tokeniser.feed(line)
            if tokeniser.pending() > MAX_TOKENS:
                raise DataFormatError(path, number, f"the corpus has more than {MAX_TOKENS:,} "
                                                    "words; use a shorter text")
    corpus = corpus_from_sentences(tokeniser.finish(), Path(path).name, tokeniser.skipped)
    if len(corpus) == 0:
        raise DataFormatError(path, None, "has no words; a corpus is plain text "
                                          "(UTF-8) with at least two different words")
    if len(corpus.words) == 1:
        raise DataFormatError(path, None, f"has only one distinct word ({corpus.words[0]!r}); "
                                          "word vectors need at least two")
    return corpus


def shipped_corpus() -> Corpus:
    """The corpus bpviz ships (assets/corpus/village.txt), written for the embedding lab."""
    return load_corpus(SHIPPED_CORPUS)


def _check_file(path: str | os.PathLike[str]) -> None:
    """Refuse a file too large for a corpus or one whose first bytes show it is binary."""
    try:
        info = os.stat(path)
    except OSError:
        return  # text_lines says what is wrong (no such file, no permission)
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
        raise DataFormatError(path, None, f"is too large ({info.st_size / 2**20:,.1f} MB); "
                                          f"a corpus is at most {MAX_BYTES // 2**20} MB")
    if not stat.S_ISREG(info.st_mode):
        return
    try:
        with Path(path).open("rb") as binary:
            head = binary.read(SNIFF_BYTES)
    except OSError:
        return
    if b"\x00" in head:
        line = head[:head.index(b"\x00")].count(b"\n") + 1
        raise _binary(path, line)


def _binary(path: str | os.PathLike[str], line: int) -> DataFormatError:
    return DataFormatError(path, line, "has a NUL byte: this looks like a binary file, "
                                       "not plain text; a corpus is UTF-8 text")
