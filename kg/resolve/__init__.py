"""Resolve: relative and short names → full names and regions, using the document's context."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Extraction
from .frame import resolve_frame

Resolver = Callable[[Extraction], None]

RESOLVERS: list[Resolver] = [resolve_frame]


def resolve(extraction: Extraction) -> Extraction:
    for resolver in RESOLVERS:
        resolver(extraction)
    return extraction
