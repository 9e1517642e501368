"""Where things are in a formula: columns and source text of the parser's nodes."""

from __future__ import annotations

import ast

# Longer subexpressions are shortened in labels, so a huge formula does not need
# quadratic memory for the labels of its nested parts.
MAX_LABEL = 80


class Source:
    """A formula flattened to one line, of which `text[lead:]` was given to the parser.

    The parser reports UTF-8 byte offsets into what it parsed; every public method
    here speaks in character positions of `text`, which are those the user typed.
    """

    def __init__(self, text: str, lead: int) -> None:
        self.text = text
        self.lead = lead
        parsed = text[lead:]
        # Byte offset -> character offset; only needed when some character is not ASCII.
        self._chars = None if parsed.isascii() else _char_offsets(parsed)

    def _position(self, byte_offset: int) -> int:
        chars = byte_offset if self._chars is None else self._chars[byte_offset]
        return self.lead + chars

    def start(self, node: ast.AST) -> int:
        """The 0-based character index where `node` begins."""
        return self._position(node.col_offset)

    def end(self, node: ast.AST) -> int:
        """The 0-based character index just after `node`."""
        return self._position(node.end_col_offset)

    def column(self, node: ast.AST) -> int:
        """The 1-based column where `node` begins."""
        return self.start(node) + 1

    def label(self, node: ast.AST) -> str:
        """The source text of `node`, shortened in the middle if it is very long."""
        start, end = self.start(node), self.end(node)
        if end - start <= MAX_LABEL:
            return self.text[start:end].strip()
        half = MAX_LABEL // 2 - 1
        return f"{self.text[start:start + half].strip()}…{self.text[end - half:end].strip()}"

    def operator_column(self, node: ast.BinOp, symbol: str) -> int:
        """The 1-based column of a binary operator, found between its two operands."""
        # Between the operands there is only whitespace, parentheses and the operator.
        position = self.text.find(symbol, self.end(node.left), self.start(node.right))
        return (position if position >= 0 else self.start(node)) + 1


def _char_offsets(text: str) -> list[int]:
    """For every UTF-8 byte offset into `text` (and the end), the character it belongs to."""
    offsets = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(char.encode("utf-8")))
    offsets.append(len(text))
    return offsets
