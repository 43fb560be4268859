"""spaCy components of the kg pipeline; importing this package registers their factories."""

from . import docnos, titles  # noqa: F401
