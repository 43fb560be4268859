"""Errors kg reports to users as one clear line (the CLI never shows a traceback for these)."""


class KgError(Exception):
    """Base class: a problem with the user's input or environment, worth one line on stderr."""


class InputError(KgError):
    """An input file cannot be read as a document (empty, binary, undecodable, too large)."""
