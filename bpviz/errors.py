"""Errors that reach a user: each says what went wrong and where, in one line."""


class BpvizError(Exception):
    """A problem with the user's input; its message is shown as is, with no traceback."""
