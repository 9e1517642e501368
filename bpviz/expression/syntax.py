"""From typed text to Python's syntax tree, with the parser's complaints made readable."""

from __future__ import annotations

import ast
import re
import warnings

from bpviz.expression.errors import ExpressionError
from bpviz.expression.source import Source

MAX_LENGTH = 100_000
TOO_DEEP = "the expression is too deeply nested"

# Characters Python's parser cannot report a position for: NUL and lone surrogates.
_UNUSABLE = re.compile("[\x00\ud800-\udfff]")
# The token where a syntax error is: a name or number, a two-character operator, a character.
_TOKEN = re.compile(r"\w+|\*\*|//|<<|>>|[=!<>:]=|\S")


def read_tree(text: str) -> tuple[ast.expr, Source]:
    """Parse `text` as one Python expression; raise ExpressionError saying what and where."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is too long ({len(text):,} characters, at most {MAX_LENGTH:,})")
    # One line, character for character, so that every column is a column of `text`.
    flat = text.replace("\r", " ").replace("\n", " ")
    # Leading whitespace would be an "unexpected indent"; `lead` keeps the columns right.
    lead = len(flat) - len(flat.lstrip())
    if lead == len(flat):
        raise ExpressionError("empty expression")
    _reject_characters(flat)
    try:
        tree = _parse_quietly(flat[lead:])
    except SyntaxError as error:
        raise _syntax_error(flat, lead, error) from None
    except (RecursionError, MemoryError):
        # CPython builds its tree recursively and gives up after about 3000 levels.
        raise ExpressionError(f"{TOO_DEEP} (Python's parser allows about 3,000 operations "
                              "in a chain or inside one another)") from None
    return tree.body, Source(flat, lead)


def _parse_quietly(text: str) -> ast.Expression:
    # The parser warns about things like invalid escapes in strings; the whitelist walk
    # rejects all of those with a clearer message, and warnings must not reach stderr
    # (or, under `-W error`, turn into different errors).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, mode="eval")


def _reject_characters(flat: str) -> None:
    unusable = _UNUSABLE.search(flat)
    if unusable:
        raise ExpressionError(f"unexpected character U+{ord(unusable.group()):04X}",
                              unusable.start() + 1)
    # Strings are not allowed either, so any '#' starts a comment, which has no use here.
    comment = flat.find("#")
    if comment >= 0:
        raise ExpressionError("comments ('#') are not allowed", comment + 1)


def _syntax_error(flat: str, lead: int, error: SyntaxError) -> ExpressionError:
    message = error.msg or "invalid syntax"
    offset = error.offset or 0  # 1-based characters; 0 when the parser hit the end
    inside = 1 <= offset <= len(flat) - lead
    column = lead + offset if inside else None
    if "too many nested parentheses" in message:
        return ExpressionError(f"{TOO_DEEP} (at most 200 parentheses inside one another)",
                               column)
    if message.startswith("(unicode error)"):  # a bad escape in a string literal
        return ExpressionError("strings are not allowed")
    if message.startswith("Exceeds the limit"):
        return ExpressionError("a number in the expression has too many digits")
    if message == "invalid syntax":
        if not inside:
            return ExpressionError("unexpected end of expression", len(flat.rstrip()) + 1)
        token = _TOKEN.match(flat, column - 1)
        return ExpressionError(f"unexpected {token.group()!r}" if token else message, column)
    return ExpressionError(_tidy(message), column)


def _tidy(message: str) -> str:
    """Python's message without what makes no sense for a one-line formula."""
    message = re.sub(r" \(detected at line \d+\)", "", message)
    return message.replace("invalid syntax. Perhaps you forgot a comma?",
                           "invalid syntax; perhaps a ',' is missing")
