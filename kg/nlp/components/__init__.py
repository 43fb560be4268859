"""spaCy components of the kg pipeline; importing this package registers their factories."""

from . import docnos, figures, measures, orgs, regions, titles  # noqa: F401
