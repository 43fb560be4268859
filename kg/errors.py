"""Errors kg reports to users as one clear line (the CLI never shows a traceback for these)."""

from __future__ import annotations


class KgError(Exception):
    """Base class: a problem with the user's input or environment, worth one line on stderr."""


class InputError(KgError):
    """An input file cannot be read as a document (empty, binary, undecodable, too large)."""


def first_line(error: BaseException | str | bytes, limit: int = 400) -> str:
    """The first non-blank line of an error message (or of a server's reply), cut to ``limit``
    characters; an exception with no message gives its type's name, empty text gives ""."""
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    if not line and isinstance(error, BaseException):
        line = type(error).__name__
    return line if len(line) <= limit else line[:limit - 1] + "…"
