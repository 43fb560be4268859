"""Resolve: relative and short names → full names and regions, using the document's context."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Extraction
from .documents import resolve_documents
from .frame import resolve_frame
from .measures import resolve_adoptions
from .orgs import resolve_orgs

Resolver = Callable[[Extraction], None]

# The frame first: organisation and document resolution need the author's region.
RESOLVERS: list[Resolver] = [resolve_frame, resolve_orgs, resolve_documents, resolve_adoptions]


def resolve(extraction: Extraction) -> Extraction:
    for resolver in RESOLVERS:
        resolver(extraction)
    return extraction
