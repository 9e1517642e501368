"""The pitfall's task: what a sentence is about, "screen" (television) or "week" (the days),
read from its topic word. The small training set has "TV" and "telly" but never
"television", which only the test sentences have; the large one has all three."""

from __future__ import annotations

from dataclasses import dataclass

from bpviz.data.corpus import normal_case, tokenise

CLASSES = ("screen", "week")
WORDS = ("TV", "telly", "television")  # the three words whose trails the lab draws
HELD_OUT = "television"  # in no small training sentence


@dataclass(frozen=True)
class Example:
    """A sentence, its topic word (the window the classifier reads) and its class."""

    sentence: str
    word: str
    label: str


def _examples(rows: tuple[tuple[str, str, str], ...]) -> tuple[Example, ...]:
    examples = tuple(Example(sentence, normal_case(word), label) for sentence, word, label in rows)
    for example in examples:  # a typo in a sentence must not pass silently
        words = {word for sentence in tokenise(example.sentence) for word in sentence}
        if example.word not in words or example.label not in CLASSES:
            raise ValueError(f"bad example {example}")
    return examples


SMALL_TRAIN = _examples((
    ("In the evening the family watches TV.", "TV", "screen"),
    ("There is a telly in the living room.", "telly", "screen"),
    ("The market is open on Monday.", "Monday", "week"),
    ("The library is open on Tuesday.", "Tuesday", "week"),
    ("The baker sells cakes on Wednesday.", "Wednesday", "week"),
    ("Ben works on Thursday.", "Thursday", "week"),
    ("See you on Friday, said the doctor.", "Friday", "week"),
    ("Last Saturday there was a storm.", "Saturday", "week"),
    ("Nobody works on Sunday.", "Sunday", "week"),
))

TEST = _examples((
    ("Anna turned on the television.", "television", "screen"),
    ("The news is on television at six.", "television", "screen"),
    ("The school is closed on Sunday.", "Sunday", "week"),
    ("See you next Tuesday, said the baker.", "Tuesday", "week"),
))

_SCREEN_WORDS = ("TV", "telly", "television", "film", "news", "football", "cartoons",
                 "programme")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SCREEN_FRAMES = ("We watched the {} in the evening.", "The children like the {}.",
                  "Grandmother talks about the {}.")
_DAY_FRAMES = ("The market is open on {}.", "Anna visits the farm on {}.",
               "The bus runs on {}.")

LARGE_TRAIN = _examples(
    tuple((frame.format(word), word, "screen")
          for word in _SCREEN_WORDS for frame in _SCREEN_FRAMES)
    + tuple((frame.format(day), day, "week") for day in _DAYS for frame in _DAY_FRAMES))
