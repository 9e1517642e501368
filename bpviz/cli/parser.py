"""argparse with one-line errors, and with room for formulas that start with '-'."""

from __future__ import annotations

import argparse
from typing import NoReturn

from bpviz.errors import BpvizError


class UsageError(BpvizError):
    """The command line is wrong: an unknown option, a missing argument, a bad NAME=VALUE."""


class CliParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are raised as UsageError instead of printed with usage.

    main() prints every error as one line, so the user sees exactly what went wrong.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def _parse_optional(self, arg_string: str):
        # argparse would take `-x*y` for an unknown option. Only what starts like one of
        # this parser's options (`-h`, `--json`, `--…`) is an option; the rest is a value.
        if _is_negated_formula(arg_string, self._option_string_actions):
            return None
        return super()._parse_optional(arg_string)


def _is_negated_formula(arg_string: str, options: dict) -> bool:
    return (len(arg_string) > 1 and arg_string.startswith("-")
            and not arg_string.startswith("--") and arg_string[:2] not in options)
